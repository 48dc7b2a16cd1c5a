using Mlmax.Monitoring.Measures;

namespace Mlmax.Monitoring.Tests.Measures;

public sealed class PopulationStabilityIndexTests
{
    [Fact]
    public void Compute_TwoSmallHistograms_MatchesHandComputedValue()
    {
        // Shares (.25, .25, .5) -> (.5, .25, .25): (.5-.25)·ln 2 + 0 + (.25-.5)·ln .5 = .5·ln 2.
        Assert.Equal(0.5 * Math.Log(2), PopulationStabilityIndex.Compute([25, 25, 50], [50, 25, 25]), 12);
    }

    [Fact]
    public void Compute_EmptyBaselineBin_CountsAsEpsilon()
    {
        // Shares (1, 0) -> (.5, .5), the empty bin as 1e-4: (.5-1)·ln .5 + (.5-.0001)·ln(.5/.0001).
        var expected = (-0.5 * Math.Log(0.5)) + (0.4999 * Math.Log(5000));
        Assert.Equal(expected, PopulationStabilityIndex.Compute([10, 0], [5, 5]), 12);
        Assert.Equal(4.604318, expected, 6);
    }

    [Fact]
    public void Compute_SameShares_Zero() =>
        Assert.Equal(0, PopulationStabilityIndex.Compute([10, 20, 30], [1, 2, 3]), 12);

    [Fact]
    public void Compute_Swapped_Symmetric() =>
        Assert.Equal(PopulationStabilityIndex.Compute([5, 15, 80], [30, 30, 40]), PopulationStabilityIndex.Compute([30, 30, 40], [5, 15, 80]), 12);

    [Fact]
    public void Compute_DifferentBinCounts_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => PopulationStabilityIndex.Compute([1, 2], [1, 2, 3]));
        Assert.Contains("2 and 3 bins", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_EmptySide_Refused() =>
        Assert.Throws<ArgumentException>(() => PopulationStabilityIndex.Compute([0, 0], [1, 2]));
}
