namespace Mlmax.Monitoring.Drift.Internal;

/// <summary>The missing-value part of a feature's quality.</summary>
internal static class Quality
{
    public static FeatureQuality Of(long present, long missing, long rows, double? baselineRate)
    {
        double? rate = rows > 0 ? (double)missing / rows : null;
        return new FeatureQuality(present, missing, rate, baselineRate, rate - baselineRate);
    }
}
