namespace Mlmax.Monitoring.Drift.Internal;

/// <summary>Collects a feature's threshold crossings and notes.</summary>
internal sealed class Crossings(long present, long minimumCount)
{
    public List<ThresholdCrossing> Crossed { get; } = [];

    public List<string> Notes { get; } = [];

    /// <summary>Whether the batch has enough values for distribution measures to be compared with thresholds.</summary>
    public bool DistributionComparable => present >= minimumCount;

    /// <summary>Records a crossing when <paramref name="value"/> is above <paramref name="threshold"/>.</summary>
    public void Above(string measure, double? value, double? threshold)
    {
        if (value is { } v && threshold is { } t && v > t)
        {
            Crossed.Add(new ThresholdCrossing(measure, v, t));
        }
    }

    /// <summary>Records a crossing when the p-value <paramref name="value"/> is below <paramref name="threshold"/>.</summary>
    public void Below(string measure, double? value, double? threshold)
    {
        if (value is { } v && threshold is { } t && v < t)
        {
            Crossed.Add(new ThresholdCrossing(measure, v, t));
        }
    }

    /// <summary>Notes that distribution measures were not compared for want of values.</summary>
    public void NoteTooFew(string feature)
    {
        if (!DistributionComparable)
        {
            Notes.Add($"'{feature}' has {present} values in the batch, fewer than the {minimumCount} needed to flag its distribution measures; they are reported only");
        }
    }
}
