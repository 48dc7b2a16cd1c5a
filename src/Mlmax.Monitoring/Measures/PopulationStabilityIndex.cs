namespace Mlmax.Monitoring.Measures;

/// <summary>
/// The population stability index of two binned distributions: PSI = Σᵢ (aᵢ − eᵢ)·ln(aᵢ / eᵢ), where eᵢ and aᵢ are
/// the shares of the baseline's and the batch's values in bin i. A share of 0 counts as <see cref="Epsilon"/>, so an
/// empty bin on one side adds a large but finite term. Usual reading: below 0.1 stable, 0.1 to 0.25 a moderate
/// shift, above 0.25 a major one.
/// </summary>
public static class PopulationStabilityIndex
{
    /// <summary>The share an empty bin counts as.</summary>
    /// <value>0.0001.</value>
    public const double Epsilon = 1e-4;

    /// <summary>The PSI of a batch against a baseline over the same bins.</summary>
    /// <param name="expected">The baseline's counts per bin.</param>
    /// <param name="actual">The batch's counts per bin.</param>
    /// <returns>The index, 0 or more (0: the same shares).</returns>
    /// <exception cref="ArgumentException">The bins differ in number, a count is negative, or a side has no values.</exception>
    public static double Compute(IReadOnlyList<long> expected, IReadOnlyList<long> actual)
    {
        var (e, a) = Distributions.Totals(expected, actual);
        var psi = 0.0;
        for (var i = 0; i < expected.Count; i++)
        {
            var p = Math.Max((double)expected[i] / e, Epsilon);
            var q = Math.Max((double)actual[i] / a, Epsilon);
            psi += (q - p) * Math.Log(q / p);
        }

        return psi;
    }
}
