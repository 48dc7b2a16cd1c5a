namespace Mlmax.Definitions;

/// <summary>One entry of <c>monitoring.alerts</c>: a webhook to POST the alert to, a log line, or a pipeline to run (e.g. retraining).</summary>
public sealed record AlertSettings
{
    /// <summary>An http or https URL the alert's JSON is posted to; its query and user info are never printed.</summary>
    /// <value><see langword="null"/>: not a webhook.</value>
    public Uri? Webhook { get; init; }

    /// <summary>Headers added to the webhook's POST (e.g. <c>Authorization</c>).</summary>
    /// <value>None.</value>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether the alert is written as one line to standard error.</summary>
    /// <value><see langword="false"/>.</value>
    public bool Log { get; init; }

    /// <summary>
    /// A pipeline to run when a check crosses a threshold (e.g. <c>training</c>), recorded with an <c>alert</c> trigger
    /// naming the check, so one check starts it at most once.
    /// </summary>
    /// <value><see langword="null"/>: not a run.</value>
    public string? Run { get; init; }

    /// <summary>Parameter overrides of the <see cref="Run"/>, as <c>--param</c> gives them.</summary>
    /// <value>None.</value>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Input bindings of the <see cref="Run"/>, as <c>--input</c> gives them.</summary>
    /// <value>None.</value>
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>();
}
