using System.Globalization;
using Mlmax.Scoring.Schema;

namespace Mlmax.Monitoring.Drift;

/// <summary>
/// The bins a feature's distribution measures compared, with the training and batch counts in each: the baseline's
/// quantile bins for numbers, the listed categories and <c>other</c> for categories. What a report plots as an overlay.
/// </summary>
/// <param name="Bins">The bins' labels, e.g. <c>≤ 25</c>, <c>(25, 31]</c>, <c>&gt; 60</c>, or category names then <c>other</c>.</param>
/// <param name="Baseline">Training values per bin.</param>
/// <param name="Batch">Batch values per bin.</param>
public sealed record FeatureDistribution(IReadOnlyList<string> Bins, IReadOnlyList<long> Baseline, IReadOnlyList<long> Batch)
{
    /// <summary>The distribution over a numeric feature's quantile bins.</summary>
    /// <param name="bins">The baseline's bins.</param>
    /// <param name="batch">The batch's values per bin.</param>
    /// <returns>The distribution, labelled by the bins' edges.</returns>
    public static FeatureDistribution OfNumeric(NumericBins bins, IReadOnlyList<long> batch)
    {
        var edges = bins.Edges;
        var labels = new List<string>(edges.Count + 1);
        for (var i = 0; i <= edges.Count; i++)
        {
            labels.Add(i == 0 ? $"≤ {Format(edges[0])}" : i == edges.Count ? $"> {Format(edges[^1])}" : $"({Format(edges[i - 1])}, {Format(edges[i])}]");
        }

        return new FeatureDistribution(labels, bins.Counts, batch);
    }

    private static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
