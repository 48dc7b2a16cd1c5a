using Mlmax.Monitoring.Measures;

namespace Mlmax.Monitoring.Tests.Measures;

public sealed class ChiSquareTestTests
{
    [Fact]
    public void Homogeneity_TwoByTwoTable_KnownStatisticAndPValue()
    {
        // [[10, 20], [20, 10]]: every expected count is 15, χ² = 4·25/15 = 20/3, dof 1, p = erfc(√(10/3)) ≈ 0.00982.
        var result = ChiSquareTest.Homogeneity([10, 20], [20, 10]);
        Assert.Equal(20.0 / 3, result.Statistic, 12);
        Assert.Equal(1, result.DegreesOfFreedom);
        Assert.Equal(0.009823274507519245, result.PValue, 1e-9);
    }

    [Theory]
    [InlineData(3.841459, 1, 0.05)]
    [InlineData(5.991465, 2, 0.05)]
    [InlineData(6.634897, 1, 0.01)]
    [InlineData(11.070498, 5, 0.05)]
    public void PValue_TextbookCriticalValues_GiveTheirLevel(double statistic, int dof, double level) =>
        Assert.Equal(level, ChiSquareTest.PValue(statistic, dof), 6);

    [Fact]
    public void Homogeneity_CategoryEmptyOnBothSides_LeftOutOfTheDegreesOfFreedom()
    {
        var result = ChiSquareTest.Homogeneity([10, 0, 20], [20, 0, 10]);
        Assert.Equal(ChiSquareTest.Homogeneity([10, 20], [20, 10]), result);
    }

    [Fact]
    public void Homogeneity_CategoryOnlyInTheBatch_Finite()
    {
        var result = ChiSquareTest.Homogeneity([50, 50, 0], [40, 40, 20]);
        Assert.True(double.IsFinite(result.Statistic));
        Assert.Equal(2, result.DegreesOfFreedom);
        Assert.True(result.PValue < 1e-4);
    }

    [Fact]
    public void Homogeneity_OneCategory_NothingToTest() =>
        Assert.Equal(new ChiSquareResult(0, 0, 1), ChiSquareTest.Homogeneity([5, 0], [7, 0]));
}
