namespace Mlmax.Monitoring.Profiles;

/// <summary>One numeric feature of a batch, measured against its baseline.</summary>
/// <param name="Name">The feature's name in the baseline.</param>
/// <param name="Count">Values present (finite numbers).</param>
/// <param name="Missing">Values missing: a missing token, a null, or text that is not a finite number.</param>
/// <param name="NotANumber">Of <paramref name="Missing"/>, the values that were text but not a finite number.</param>
/// <param name="Min">The smallest value; <see langword="null"/> when none is present.</param>
/// <param name="Max">The largest value; <see langword="null"/> when none is present.</param>
/// <param name="Mean">The mean of the present values; <see langword="null"/> when none is present.</param>
/// <param name="Std">Their population standard deviation; <see langword="null"/> when none is present.</param>
/// <param name="BinCounts">The values per bin of the baseline's quantile bins; <see langword="null"/> when the baseline has none.</param>
/// <param name="BelowRange">Values below the baseline's smallest value.</param>
/// <param name="AboveRange">Values above the baseline's largest value.</param>
public sealed record NumericProfile(
    string Name,
    long Count,
    long Missing,
    long NotANumber,
    double? Min,
    double? Max,
    double? Mean,
    double? Std,
    IReadOnlyList<long>? BinCounts,
    long BelowRange,
    long AboveRange);
