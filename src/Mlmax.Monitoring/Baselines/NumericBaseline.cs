using Mlmax.Scoring.Schema;

namespace Mlmax.Monitoring.Baselines;

/// <summary>The training distribution of one numeric feature, as drift measures use it.</summary>
/// <param name="Name">The feature's column name.</param>
/// <param name="Count">Training values present.</param>
/// <param name="Missing">Training values missing (or not numbers).</param>
/// <param name="Min">The smallest training value; <see langword="null"/> when there were none.</param>
/// <param name="Max">The largest training value; <see langword="null"/> when there were none.</param>
/// <param name="Bins">The quantile bins with their training counts; <see langword="null"/> when the baseline predates them (then PSI and Kolmogorov-Smirnov are not computed).</param>
public sealed record NumericBaseline(string Name, long Count, long Missing, double? Min, double? Max, NumericBins? Bins)
{
    /// <summary>The share of training rows missing the feature; <see langword="null"/> without rows.</summary>
    public double? MissingRate => Count + Missing == 0 ? null : (double)Missing / (Count + Missing);

    /// <summary>
    /// The share of values outside the training range expected by chance in a batch from the training distribution:
    /// 2/(n+1) for n training values (a new value is above all n with probability 1/(n+1), below all with the same;
    /// less with ties). <see langword="null"/> without training values.
    /// </summary>
    public double? ExpectedOutOfRangeShare => Count > 0 ? 2.0 / (Count + 1) : null;
}
