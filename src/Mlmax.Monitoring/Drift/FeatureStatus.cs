namespace Mlmax.Monitoring.Drift;

/// <summary>Whether a feature's distribution could be compared.</summary>
public enum FeatureStatus
{
    /// <summary>The distribution measures were computed.</summary>
    Compared,

    /// <summary>The batch has no column for the feature: every value counts as missing.</summary>
    AbsentFromBatch,

    /// <summary>The batch has no present value of the feature (an empty batch, an all-missing column).</summary>
    NoBatchValues,

    /// <summary>The baseline lacks what the measures need (no values, or no quantile bins); see the feature's notes.</summary>
    NotComparable,
}
