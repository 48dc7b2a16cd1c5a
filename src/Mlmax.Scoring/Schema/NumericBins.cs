namespace Mlmax.Scoring.Schema;

/// <summary>
/// Quantile bins of a numeric feature in <c>baseline.json</c>: the cut points and the exact count of training values
/// in each bin, for drift measures (population stability index, Kolmogorov-Smirnov). Bins are closed on the right and
/// the outer ones are open-ended: bin 0 holds values ≤ <c>Edges[0]</c>, bin <c>i</c> values in
/// (<c>Edges[i-1]</c>, <c>Edges[i]</c>], the last bin values &gt; <c>Edges[^1]</c>.
/// </summary>
/// <param name="Edges">The cut points, strictly increasing: the distinct values among the training values at the levels 0.05, 0.10, ..., 0.95; empty when the feature had no values.</param>
/// <param name="Counts">The training values per bin: one more than the edges (empty with them).</param>
public sealed record NumericBins(IReadOnlyList<double> Edges, IReadOnlyList<long> Counts)
{
    /// <summary>The bin a value falls in.</summary>
    /// <param name="value">A finite value.</param>
    /// <returns>The index of the first edge at or above the value, or the last bin when the value is above every edge.</returns>
    public int BinOf(double value)
    {
        int lo = 0, hi = Edges.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Edges[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
