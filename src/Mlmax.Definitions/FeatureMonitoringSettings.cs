namespace Mlmax.Definitions;

/// <summary>One feature's entry under <c>monitoring.thresholds.features</c>.</summary>
/// <param name="Thresholds">Thresholds by name overriding the global ones for this feature.</param>
/// <param name="Ignore">Whether no threshold applies to the feature (it is still measured and reported).</param>
/// <param name="Line">The line of the feature's entry in <c>mlmax.yaml</c>, for messages.</param>
public sealed record FeatureMonitoringSettings(IReadOnlyDictionary<string, double> Thresholds, bool Ignore, int Line);
