namespace Mlmax.Monitoring.Drift;

/// <summary>How a feature is measured.</summary>
public enum FeatureKind
{
    /// <summary>Numbers: binned on the baseline's quantile bins; PSI and Kolmogorov-Smirnov; range.</summary>
    Numeric,

    /// <summary>Categories: the baseline's listed categories and <c>other</c>; chi-square and Jensen-Shannon; unseen categories.</summary>
    Categorical,
}
