namespace Mlmax.Metadata;

/// <summary>
/// What a monitoring check looked at: a batch inference run's predict step (<see cref="RunKind"/>), a window of served
/// requests (<see cref="RequestsKind"/>), or labelled outcomes with model-quality metrics (<see cref="LabelsKind"/>).
/// </summary>
public sealed record MonitorSource
{
    /// <summary>The kind of a source that is a batch inference run's predict step.</summary>
    public const string RunKind = "run";

    /// <summary>The kind of a source that is a window of served requests.</summary>
    public const string RequestsKind = "requests";

    /// <summary>The kind of a source that is labelled outcomes (model-quality metrics).</summary>
    public const string LabelsKind = "labels";

    /// <summary><see cref="RunKind"/>, <see cref="RequestsKind"/> or <see cref="LabelsKind"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The inference run, when the source is a run.</summary>
    /// <value><see langword="null"/>.</value>
    public string? RunId { get; init; }

    /// <summary>The run's predict step, when the source is a run.</summary>
    /// <value><see langword="null"/>.</value>
    public string? Step { get; init; }

    /// <summary>The start of the window (inclusive), when the source is a window.</summary>
    /// <value><see langword="null"/>.</value>
    public DateTimeOffset? WindowStart { get; init; }

    /// <summary>The end of the window (exclusive), when the source is a window.</summary>
    /// <value><see langword="null"/>.</value>
    public DateTimeOffset? WindowEnd { get; init; }

    /// <summary>Model-quality metrics measured on the source (e.g. accuracy on labelled outcomes), by name.</summary>
    /// <value><see langword="null"/>: none.</value>
    public IReadOnlyDictionary<string, double>? Metrics { get; init; }

    /// <summary>A batch inference run's predict step.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="step">The predict step.</param>
    /// <returns>The source.</returns>
    public static MonitorSource ForRun(string runId, string step) => new() { Kind = RunKind, RunId = runId, Step = step };

    /// <summary>A window of served requests logged by <c>mlmax serve --log-requests</c>.</summary>
    /// <param name="start">The window's start.</param>
    /// <param name="end">The window's end.</param>
    /// <returns>The source.</returns>
    public static MonitorSource ForRequests(DateTimeOffset start, DateTimeOffset end) => new() { Kind = RequestsKind, WindowStart = start, WindowEnd = end };

    /// <summary>For people: <c>run 20261127-203015-9f3a/predict</c> or <c>requests 2026-03-01T00:00Z..2026-03-02T00:00Z</c>.</summary>
    /// <returns>The description.</returns>
    public string Describe() => RunId is not null
        ? $"{Kind} {RunId}{(Step is null ? "" : "/" + Step)}"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Kind} {WindowStart?.UtcDateTime:yyyy-MM-ddTHH:mm'Z'}..{WindowEnd?.UtcDateTime:yyyy-MM-ddTHH:mm'Z'}");
}
