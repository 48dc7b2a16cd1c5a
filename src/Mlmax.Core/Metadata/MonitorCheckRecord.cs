namespace Mlmax.Metadata;

/// <summary>
/// One recorded monitoring check: which model version was checked against what (<see cref="Source"/>), when, with which
/// thresholds, and its full report, kept as a hash-addressed artifact.
/// </summary>
public sealed record MonitorCheckRecord
{
    /// <summary>The check's id, sortable by time (like a run id, prefixed <c>chk-</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The model's name.</summary>
    public required string Model { get; init; }

    /// <summary>The model version checked.</summary>
    public required int Version { get; init; }

    /// <summary>What was checked: a run, a window of requests, labelled outcomes.</summary>
    public required MonitorSource Source { get; init; }

    /// <summary>When the check ran.</summary>
    public required DateTimeOffset CheckedAt { get; init; }

    /// <summary>Whether any threshold was crossed.</summary>
    public required bool Drifted { get; init; }

    /// <summary>The features that crossed a threshold (predictions prefixed <c>prediction </c>), in report order.</summary>
    /// <value>None.</value>
    public IReadOnlyList<string> DriftedFeatures { get; init; } = [];

    /// <summary>The largest population stability index among the input features, if any was measured.</summary>
    /// <value><see langword="null"/>.</value>
    public double? WorstPsi { get; init; }

    /// <summary>The thresholds the check used, as JSON (so a later check can tell whether they changed).</summary>
    public required string ThresholdsJson { get; init; }

    /// <summary>The artifact holding the check's full report (<c>report.json</c>).</summary>
    public required string ReportArtifact { get; init; }
}
