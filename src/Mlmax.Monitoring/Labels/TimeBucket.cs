namespace Mlmax.Monitoring.Labels;

/// <summary>How predictions are grouped over time (by when they were made, in UTC).</summary>
public enum TimeBucket
{
    /// <summary>Calendar days.</summary>
    Day,

    /// <summary>ISO weeks, from Monday.</summary>
    Week,

    /// <summary>Calendar months.</summary>
    Month,
}
