using Mlmax.Monitoring.Baselines;

namespace Mlmax.Monitoring.Drift;

/// <summary>The data quality of one feature in a batch, beside the training split's.</summary>
/// <param name="Present">Values present.</param>
/// <param name="Missing">Values missing (for numbers, also text that is not a number).</param>
/// <param name="MissingRate">Missing values per batch row; <see langword="null"/> for an empty batch.</param>
/// <param name="BaselineMissingRate">The same in training.</param>
/// <param name="MissingRateChange">The batch rate less the training rate.</param>
/// <param name="NotANumber">Numbers only: values that were text but not a finite number.</param>
/// <param name="Min">Numbers only: the smallest present value.</param>
/// <param name="Max">Numbers only: the largest present value.</param>
/// <param name="OutOfRange">Numbers only: values outside the training range.</param>
/// <param name="OutOfRangeShare">Numbers only: <paramref name="OutOfRange"/> per present value.</param>
/// <param name="OutOfRangeExpected">Numbers only: the share expected outside the range by chance, 2/(n+1) for n training values.</param>
/// <param name="Unseen">Categories only: values of categories training never saw (<see langword="null"/> when the baseline cannot tell).</param>
/// <param name="UnseenShare">Categories only: <paramref name="Unseen"/> per present value.</param>
/// <param name="UnseenExamples">Categories only: the most frequent unseen categories.</param>
public sealed record FeatureQuality(
    long Present,
    long Missing,
    double? MissingRate,
    double? BaselineMissingRate,
    double? MissingRateChange,
    long? NotANumber = null,
    double? Min = null,
    double? Max = null,
    long? OutOfRange = null,
    double? OutOfRangeShare = null,
    double? OutOfRangeExpected = null,
    long? Unseen = null,
    double? UnseenShare = null,
    IReadOnlyList<CategoryCount>? UnseenExamples = null);
