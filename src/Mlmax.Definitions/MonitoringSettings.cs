namespace Mlmax.Definitions;

/// <summary>
/// The <c>monitoring:</c> section of <c>mlmax.yaml</c>: the thresholds of <c>mlmax monitor</c>, global and per
/// feature, and the alerts fired when a check crosses one (docs/monitoring.md).
/// </summary>
public sealed record MonitoringSettings
{
    /// <summary>The threshold names, as in <c>thresholds:</c> and in drift reports; the <c>*_p_value</c> ones flag below, the others above.</summary>
    public static IReadOnlyList<string> Measures { get; } =
        ["psi", "ks_p_value", "js_distance", "chi_square_p_value", "missing_rate_increase", "unseen_share", "out_of_range_excess"];

    /// <summary>Global thresholds by name (<see cref="Measures"/>), replacing the defaults; a feature's own override them.</summary>
    /// <value>None: the defaults.</value>
    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = new Dictionary<string, double>();

    /// <summary>The fewest batch values for a feature's distribution measures to be compared with thresholds.</summary>
    /// <value><see langword="null"/>: the default (50).</value>
    public long? MinimumCount { get; init; }

    /// <summary>Per feature name: thresholds overriding the global ones, or the feature ignored.</summary>
    /// <value>None.</value>
    public IReadOnlyDictionary<string, FeatureMonitoringSettings> Features { get; init; } = new Dictionary<string, FeatureMonitoringSettings>();

    /// <summary>What to do when a check crosses a threshold, in order.</summary>
    /// <value>None (the command still exits 1).</value>
    public IReadOnlyList<AlertSettings> Alerts { get; init; } = [];
}
