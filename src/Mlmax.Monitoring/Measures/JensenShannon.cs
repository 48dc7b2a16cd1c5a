namespace Mlmax.Monitoring.Measures;

/// <summary>
/// The Jensen-Shannon distance of two distributions over the same categories: √JSD, where
/// JSD = ½·KL(P‖M) + ½·KL(Q‖M), M = ½(P + Q), KL(P‖M) = Σ pᵢ·log₂(pᵢ/mᵢ) (0·log 0 = 0). Symmetric, finite even when a
/// category is empty on one side, and in [0, 1]: 0 for the same shares, 1 for disjoint ones.
/// </summary>
public static class JensenShannon
{
    /// <summary>The distance between two count vectors over the same categories.</summary>
    /// <param name="baseline">The baseline's counts per category.</param>
    /// <param name="batch">The batch's counts per category, in the same order.</param>
    /// <returns>The distance, in [0, 1].</returns>
    /// <exception cref="ArgumentException">The categories differ in number, a count is negative, or a side has no values.</exception>
    public static double Distance(IReadOnlyList<long> baseline, IReadOnlyList<long> batch)
    {
        var (n, m) = Distributions.Totals(baseline, batch);
        var divergence = 0.0;
        for (var i = 0; i < baseline.Count; i++)
        {
            double p = (double)baseline[i] / n, q = (double)batch[i] / m, mid = (p + q) / 2;
            divergence += (Term(p, mid) + Term(q, mid)) / 2;
        }

        return Math.Sqrt(Math.Clamp(divergence, 0, 1));
    }

    private static double Term(double p, double mid) => p > 0 ? p * Math.Log2(p / mid) : 0;
}
