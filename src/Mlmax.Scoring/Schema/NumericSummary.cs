using System.Text.Json.Serialization;

namespace Mlmax.Scoring.Schema;

/// <summary>The training distribution of one numeric feature in <c>baseline.json</c>.</summary>
/// <param name="Count">Values present.</param>
/// <param name="Missing">Values missing (a missing token or text that is not a number).</param>
/// <param name="Mean">The mean of the present values; <see langword="null"/> when there are none.</param>
/// <param name="Std">The population standard deviation of the present values; <see langword="null"/> when there are none.</param>
/// <param name="Min">The smallest value; <see langword="null"/> when there are none.</param>
/// <param name="Max">The largest value; <see langword="null"/> when there are none.</param>
/// <param name="Quantiles">The deciles with both ends.</param>
/// <param name="Histogram">Ten equal-width bins from <paramref name="Min"/> to <paramref name="Max"/>.</param>
/// <param name="Bins">Quantile bins with exact counts, for drift measures; <see langword="null"/> in baselines written before they were added.</param>
public sealed record NumericSummary(
    long Count,
    long Missing,
    double? Mean,
    double? Std,
    double? Min,
    double? Max,
    Quantiles Quantiles,
    Histogram Histogram,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] NumericBins? Bins = null);
