using Mlmax.Monitoring.Drift;

namespace Mlmax.Monitoring.Reports;

/// <summary>What an HTML monitoring report shows: one check's drift reports, and the model's recorded checks over time.</summary>
public sealed record MonitorReport
{
    /// <summary>The model version checked, e.g. <c>census:3</c>.</summary>
    public required string Model { get; init; }

    /// <summary>What was checked, for people, e.g. <c>run 20261127-203015-9f3a/predict</c>.</summary>
    public required string Source { get; init; }

    /// <summary>When the check ran.</summary>
    public required DateTimeOffset CheckedAt { get; init; }

    /// <summary>The recorded check's id.</summary>
    /// <value><see langword="null"/>: not recorded.</value>
    public string? CheckId { get; init; }

    /// <summary>The drift of the batch's input against the training baseline.</summary>
    public required DriftReport Input { get; init; }

    /// <summary>The drift of the predictions against the prediction baseline, when the bundle has one.</summary>
    /// <value><see langword="null"/>.</value>
    public DriftReport? Predictions { get; init; }

    /// <summary>The model's recorded checks, oldest first (this one last, when recorded), for the plots over time.</summary>
    /// <value>None.</value>
    public IReadOnlyList<MonitorHistoryPoint> History { get; init; } = [];

    /// <summary>The global PSI threshold, drawn as a dashed line on the drift-over-time plot.</summary>
    /// <value><see langword="null"/>: no line.</value>
    public double? PsiThreshold { get; init; }
}
