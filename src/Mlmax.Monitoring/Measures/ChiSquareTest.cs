using MathNet.Numerics;

namespace Mlmax.Monitoring.Measures;

/// <summary>
/// Pearson's chi-square test of homogeneity of two samples over the same categories (a 2×k contingency table, without
/// Yates' continuity correction): χ² = Σ (O − E)²/E over both rows, E = row total · column total / grand total;
/// categories empty on both sides are left out, so dof = k − 1 over the rest. p = Q(dof/2, χ²/2), the regularized
/// upper incomplete gamma function.
/// </summary>
public static class ChiSquareTest
{
    /// <summary>Tests whether two samples come from the same categorical distribution.</summary>
    /// <param name="baseline">The baseline's counts per category.</param>
    /// <param name="batch">The batch's counts per category, in the same order.</param>
    /// <returns>The statistic, degrees of freedom and p-value.</returns>
    /// <exception cref="ArgumentException">The categories differ in number, a count is negative, or a side has no values.</exception>
    public static ChiSquareResult Homogeneity(IReadOnlyList<long> baseline, IReadOnlyList<long> batch)
    {
        var (n, m) = Distributions.Totals(baseline, batch);
        double total = n + m, chi = 0;
        var bins = 0;
        for (var i = 0; i < baseline.Count; i++)
        {
            var column = baseline[i] + batch[i];
            if (column == 0)
            {
                continue;
            }

            bins++;
            double expectedBaseline = n * column / total, expectedBatch = m * column / total;
            chi += ((baseline[i] - expectedBaseline) * (baseline[i] - expectedBaseline) / expectedBaseline)
                + ((batch[i] - expectedBatch) * (batch[i] - expectedBatch) / expectedBatch);
        }

        var dof = Math.Max(bins - 1, 0);
        return new ChiSquareResult(chi, dof, PValue(chi, dof));
    }

    /// <summary>P(χ²(dof) ≥ statistic).</summary>
    /// <param name="statistic">χ².</param>
    /// <param name="degreesOfFreedom">The degrees of freedom; 0 gives 1.</param>
    /// <returns>The p-value, in [0, 1].</returns>
    public static double PValue(double statistic, int degreesOfFreedom) =>
        degreesOfFreedom <= 0 || statistic <= 0 ? 1 : SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2.0, statistic / 2.0);
}
