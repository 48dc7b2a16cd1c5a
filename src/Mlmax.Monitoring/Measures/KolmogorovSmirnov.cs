namespace Mlmax.Monitoring.Measures;

/// <summary>
/// The two-sample Kolmogorov-Smirnov test: D = supₓ |F(x) − G(x)| between two empirical distribution functions, with
/// the asymptotic p-value Q_KS(√(n·m/(n+m))·D), where Q_KS(λ) = 2·Σₖ₌₁ (−1)ᵏ⁻¹·e^(−2k²λ²) is the Kolmogorov
/// distribution's survival function. From binned counts D is taken at the bin edges only, which can only
/// underestimate the D of the raw values (by at most the largest bin's share): the test errs towards "no drift".
/// </summary>
public static class KolmogorovSmirnov
{
    /// <summary>The test on two raw samples.</summary>
    /// <param name="baseline">The baseline's values (finite).</param>
    /// <param name="batch">The batch's values (finite).</param>
    /// <returns>The statistic and p-value.</returns>
    /// <exception cref="ArgumentException">A sample is empty.</exception>
    public static KolmogorovSmirnovResult FromSamples(IReadOnlyList<double> baseline, IReadOnlyList<double> batch)
    {
        if (baseline.Count == 0 || batch.Count == 0)
        {
            throw new ArgumentException($"a sample is empty (sizes {baseline.Count} and {batch.Count})");
        }

        var a = baseline.Order().ToArray();
        var b = batch.Order().ToArray();
        int i = 0, j = 0;
        var d = 0.0;
        while (i < a.Length && j < b.Length)
        {
            var x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] <= x)
            {
                i++;
            }

            while (j < b.Length && b[j] <= x)
            {
                j++;
            }

            d = Math.Max(d, Math.Abs(((double)i / a.Length) - ((double)j / b.Length)));
        }

        return new KolmogorovSmirnovResult(d, PValue(d, a.Length, b.Length), a.Length, b.Length);
    }

    /// <summary>The test on two samples binned alike: D at the bin edges (the cumulative shares after each bin).</summary>
    /// <param name="baseline">The baseline's counts per bin, bins in increasing order.</param>
    /// <param name="batch">The batch's counts per bin.</param>
    /// <returns>The statistic and p-value.</returns>
    /// <exception cref="ArgumentException">The bins differ in number, a count is negative, or a side has no values.</exception>
    public static KolmogorovSmirnovResult FromBins(IReadOnlyList<long> baseline, IReadOnlyList<long> batch)
    {
        var (n, m) = Distributions.Totals(baseline, batch);
        long f = 0, g = 0;
        var d = 0.0;
        for (var i = 0; i < baseline.Count; i++)
        {
            f += baseline[i];
            g += batch[i];
            d = Math.Max(d, Math.Abs(((double)f / n) - ((double)g / m)));
        }

        return new KolmogorovSmirnovResult(d, PValue(d, n, m), n, m);
    }

    /// <summary>The asymptotic p-value of a statistic: Q_KS(√(n·m/(n+m))·D).</summary>
    /// <param name="statistic">D.</param>
    /// <param name="n">The first sample's size.</param>
    /// <param name="m">The second sample's size.</param>
    /// <returns>The p-value, in [0, 1].</returns>
    public static double PValue(double statistic, long n, long m) =>
        KolmogorovSurvival(Math.Sqrt((double)n * m / (n + m)) * statistic);

    /// <summary>
    /// Q_KS(λ) = P(K &gt; λ) of the Kolmogorov distribution: for λ ≥ 1.18 by the alternating series above, below it
    /// by the complementary form 1 − (√(2π)/λ)·Σₖ₌₁ e^(−(2k−1)²π²/(8λ²)), each converging in a few terms there.
    /// </summary>
    /// <param name="lambda">λ, 0 or more.</param>
    /// <returns>The survival probability, in [0, 1].</returns>
    public static double KolmogorovSurvival(double lambda)
    {
        if (lambda <= 0)
        {
            return 1;
        }

        double sum = 0;
        if (lambda < 1.18)
        {
            var y = -Math.PI * Math.PI / (8 * lambda * lambda);
            for (var k = 1; k <= 20; k++)
            {
                sum += Math.Exp((2 * k - 1) * (2 * k - 1) * y);
            }

            return Math.Clamp(1 - (Math.Sqrt(2 * Math.PI) / lambda * sum), 0, 1);
        }

        for (var k = 1; k <= 100; k++)
        {
            var term = Math.Exp(-2.0 * k * k * lambda * lambda);
            sum += k % 2 == 1 ? term : -term;
            if (term < 1e-17)
            {
                break;
            }
        }

        return Math.Clamp(2 * sum, 0, 1);
    }
}
