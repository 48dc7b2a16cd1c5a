using System.Text.Json.Serialization;

namespace Mlmax.Monitoring.Drift;

/// <summary>One feature of a drift report.</summary>
/// <param name="Name">The feature's name in the baseline.</param>
/// <param name="Kind">Numeric or categorical.</param>
/// <param name="Status">Whether its distribution could be compared.</param>
/// <param name="Quality">Missing values, range, unseen categories.</param>
/// <param name="Measures">The distribution measures.</param>
/// <param name="Crossed">The thresholds crossed, in a fixed order (distribution measures, then quality); empty when the feature did not drift.</param>
/// <param name="Notes">Why a measure was not computed or not compared, in plain words.</param>
public sealed record FeatureDrift(
    string Name,
    FeatureKind Kind,
    FeatureStatus Status,
    FeatureQuality Quality,
    FeatureMeasures Measures,
    IReadOnlyList<ThresholdCrossing> Crossed,
    IReadOnlyList<string> Notes)
{
    /// <summary>Whether any threshold was crossed.</summary>
    [JsonPropertyOrder(-1)]
    public bool Drifted => Crossed.Count > 0;

    /// <summary>The bins the distribution measures compared, with both counts; <see langword="null"/> when the distribution was not compared.</summary>
    /// <value><see langword="null"/>.</value>
    public FeatureDistribution? Distribution { get; init; }
}
