using Mlmax.Monitoring.Drift;

namespace Mlmax.Monitoring.Alerts;

/// <summary>A feature of an alert, with the thresholds it crossed.</summary>
/// <param name="Feature">The feature's name.</param>
/// <param name="Crossed">Each measure past its threshold.</param>
public sealed record DriftedFeature(string Feature, IReadOnlyList<ThresholdCrossing> Crossed);
