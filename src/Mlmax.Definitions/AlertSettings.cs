namespace Mlmax.Definitions;

/// <summary>One entry of <c>monitoring.alerts</c>: a webhook to POST the alert to, or a log line.</summary>
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
}
