namespace Mlmax.Monitoring.Alerts;

/// <summary>How hard <see cref="WebhookSender"/> tries.</summary>
public sealed record WebhookOptions
{
    /// <summary>Attempts per alert (the first and the retries).</summary>
    /// <value>3.</value>
    public int Attempts { get; init; } = 3;

    /// <summary>How long one attempt may take.</summary>
    /// <value>10 seconds.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait before the first retry; each later retry waits twice as long.</summary>
    /// <value>1 second.</value>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromSeconds(1);
}
