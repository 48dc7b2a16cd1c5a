namespace Mlmax.Monitoring.Alerts;

/// <summary>Where a webhook alert is posted, with extra request headers (e.g. an authorization token).</summary>
/// <param name="Url">An absolute http or https URL; its query and user info may hold secrets and are never shown.</param>
/// <param name="Headers">Headers added to the POST.</param>
public sealed record WebhookTarget(Uri Url, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The URL without user info, query or fragment: what messages show (<c>https://hooks.example.com/alerts</c>).</summary>
    public string Display => Url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.SafeUnescaped);
}
