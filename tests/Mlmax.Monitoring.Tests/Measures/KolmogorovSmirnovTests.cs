using Mlmax.Monitoring.Measures;

namespace Mlmax.Monitoring.Tests.Measures;

public sealed class KolmogorovSmirnovTests
{
    [Fact]
    public void FromSamples_TwoSmallSamples_StatisticIsLargestGapOfTheStepFunctions()
    {
        // F(2) = 2/5 for {1..5}, G(2) = 0 for {3..7}; the gap is 2/5 at 2 (and at 5, 6), never larger.
        var result = KolmogorovSmirnov.FromSamples([1, 2, 3, 4, 5], [3, 4, 5, 6, 7]);
        Assert.Equal(0.4, result.Statistic, 12);
        Assert.Equal(KolmogorovSmirnov.KolmogorovSurvival(Math.Sqrt(2.5) * 0.4), result.PValue, 12);
        Assert.Equal((5L, 5L), (result.BaselineCount, result.BatchCount));
    }

    [Fact]
    public void FromSamples_Ties_CountedTogether() =>
        Assert.Equal(0.5, KolmogorovSmirnov.FromSamples([1, 1, 2, 2], [2, 2, 2, 2]).Statistic, 12);

    [Fact]
    public void FromBins_EdgesAtEveryValue_SameAsFromSamples()
    {
        // Bins ≤1, (1,2], ..., (6,7], >7 hold each sample exactly, so D at the edges is the exact D.
        var binned = KolmogorovSmirnov.FromBins([1, 1, 1, 1, 1, 0, 0, 0], [0, 0, 1, 1, 1, 1, 1, 0]);
        Assert.Equal(KolmogorovSmirnov.FromSamples([1, 2, 3, 4, 5], [3, 4, 5, 6, 7]), binned);
    }

    [Fact]
    public void FromBins_CoarseBins_NeverAboveTheExactStatistic()
    {
        // Merging bins hides the gap inside them: D at edges ≤ exact D.
        var exact = KolmogorovSmirnov.FromSamples([1, 2, 3, 4, 5], [3, 4, 5, 6, 7]).Statistic;
        var coarse = KolmogorovSmirnov.FromBins([3, 2, 0], [1, 2, 2]).Statistic; // ≤3, (3,5], >5
        Assert.Equal(0.4, coarse, 12);
        Assert.True(coarse <= exact);
        Assert.Equal(0.2, KolmogorovSmirnov.FromBins([5, 0], [4, 1]).Statistic, 12); // ≤6, >6: the gap of 0.4 below 6 is hidden
    }

    [Theory]
    [InlineData(1.0727, 0.20)]
    [InlineData(1.2238, 0.10)]
    [InlineData(1.3581, 0.05)]
    [InlineData(1.6276, 0.01)]
    [InlineData(1.9495, 0.001)]
    public void KolmogorovSurvival_TextbookCriticalValues_GiveTheirLevel(double lambda, double level) =>
        Assert.Equal(level, KolmogorovSmirnov.KolmogorovSurvival(lambda), level / 200);

    [Fact]
    public void KolmogorovSurvival_AroundTheSwitchOfSeries_ContinuousWithKnownValues()
    {
        Assert.Equal(0.2699996716773546, KolmogorovSmirnov.KolmogorovSurvival(1.0), 9);
        Assert.Equal(KolmogorovSmirnov.KolmogorovSurvival(1.17999), KolmogorovSmirnov.KolmogorovSurvival(1.18), 4);
        Assert.Equal(1, KolmogorovSmirnov.KolmogorovSurvival(0));
        Assert.Equal(1, KolmogorovSmirnov.KolmogorovSurvival(0.1), 12);
        Assert.Equal(0, KolmogorovSmirnov.KolmogorovSurvival(10), 12);
    }
}
