using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mlmax.Metadata;
using Mlmax.Monitoring.Drift;

namespace Mlmax.Monitoring.Alerts;

/// <summary>
/// What an alert says when a check crossed a threshold: the model version, what was checked, the features that
/// drifted with their measures and thresholds, the recorded check and its report. Serialized by <see cref="ToJson"/>
/// as a webhook's body (docs/monitoring.md).
/// </summary>
public sealed record DriftAlert
{
    /// <summary>The model's name.</summary>
    public required string Model { get; init; }

    /// <summary>The version checked.</summary>
    public required int Version { get; init; }

    /// <summary>What was checked.</summary>
    public required MonitorSource Source { get; init; }

    /// <summary>The recorded check's id.</summary>
    public required string Check { get; init; }

    /// <summary>When the check ran.</summary>
    public required DateTimeOffset CheckedAt { get; init; }

    /// <summary>The features that crossed a threshold (prediction columns prefixed <c>prediction </c>).</summary>
    public required IReadOnlyList<DriftedFeature> Drifted { get; init; }

    /// <summary>The HTML report's path, if one was written.</summary>
    /// <value><see langword="null"/>.</value>
    public string? Report { get; init; }

    /// <summary>The alert of a check.</summary>
    /// <param name="check">The recorded check.</param>
    /// <param name="input">Its input drift report.</param>
    /// <param name="predictions">Its prediction drift report, if any.</param>
    /// <param name="report">The HTML report's path, if any.</param>
    /// <returns>The alert, listing every feature that crossed a threshold.</returns>
    public static DriftAlert Of(MonitorCheckRecord check, DriftReport input, DriftReport? predictions, string? report) => new()
    {
        Model = check.Model,
        Version = check.Version,
        Source = check.Source,
        Check = check.Id,
        CheckedAt = check.CheckedAt,
        Drifted =
        [
            .. input.Features.Where(f => f.Drifted).Select(f => new DriftedFeature(f.Name, f.Crossed)),
            .. (predictions?.Features ?? []).Where(f => f.Drifted).Select(f => new DriftedFeature("prediction " + f.Name, f.Crossed)),
        ],
        Report = report,
    };

    /// <summary>One line for a log: model, version, source and the drifted features with the measures they crossed.</summary>
    /// <returns>The line.</returns>
    public string Describe() =>
        $"drift alert: {Model}:{Version} ({Source.Describe()}), check {Check}: {Drifted.Count} feature(s) crossed a threshold: "
        + string.Join("; ", Drifted.Select(d => $"{d.Feature} ({string.Join(", ", d.Crossed.Select(c => $"{c.Measure} {Number(c.Value)} vs {Number(c.Threshold)}"))})"))
        + (Report is null ? "" : $"; report {Report}");

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The alert as a JSON object (snake_case keys), a webhook's body.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };
}
