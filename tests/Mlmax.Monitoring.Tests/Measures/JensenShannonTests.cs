using Mlmax.Monitoring.Measures;

namespace Mlmax.Monitoring.Tests.Measures;

public sealed class JensenShannonTests
{
    [Fact]
    public void Distance_HalfAndHalfAgainstAllOne_MatchesHandComputedValue()
    {
        // P = (.5, .5), Q = (1, 0), M = (.75, .25): KL(P‖M) = .5·log2(2/3) + .5·log2 2, KL(Q‖M) = log2(4/3).
        var divergence = (0.5 * ((0.5 * Math.Log2(2.0 / 3)) + 0.5)) + (0.5 * Math.Log2(4.0 / 3));
        Assert.Equal(Math.Sqrt(divergence), JensenShannon.Distance([1, 1], [2, 0]), 12);
        Assert.Equal(0.557923, JensenShannon.Distance([1, 1], [2, 0]), 6);
    }

    [Fact]
    public void Distance_DisjointCategories_One() =>
        Assert.Equal(1, JensenShannon.Distance([3, 0], [0, 9]), 12);

    [Fact]
    public void Distance_SameShares_Zero() =>
        Assert.Equal(0, JensenShannon.Distance([2, 4, 6], [1, 2, 3]), 12);

    [Fact]
    public void Distance_Swapped_Symmetric() =>
        Assert.Equal(JensenShannon.Distance([7, 2, 1], [1, 1, 8]), JensenShannon.Distance([1, 1, 8], [7, 2, 1]), 12);
}
