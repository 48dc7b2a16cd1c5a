namespace Mlmax.Monitoring.Measures;

/// <summary>Checks and normalizes the pairs of binned counts the measures compare.</summary>
internal static class Distributions
{
    /// <summary>The totals of two count vectors over the same bins; refuses vectors of different lengths, negative counts or an empty side.</summary>
    public static (long Expected, long Actual) Totals(IReadOnlyList<long> expected, IReadOnlyList<long> actual)
    {
        if (expected.Count != actual.Count)
        {
            throw new ArgumentException($"the distributions have {expected.Count} and {actual.Count} bins; they must share their bins");
        }

        if (expected.Any(c => c < 0) || actual.Any(c => c < 0))
        {
            throw new ArgumentException("a bin count is negative");
        }

        long e = expected.Sum(), a = actual.Sum();
        return e > 0 && a > 0 ? (e, a) : throw new ArgumentException($"a distribution has no values (totals {e} and {a})");
    }
}
