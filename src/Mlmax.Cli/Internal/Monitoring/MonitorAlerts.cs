using Mlmax.Definitions;
using Mlmax.Monitoring.Alerts;

namespace Mlmax.Cli.Internal.Monitoring;

/// <summary>Fires mlmax.yaml's <c>monitoring.alerts</c> for a check that crossed a threshold: log lines on standard error, webhook POSTs. A failed webhook is a warning, never a crash.</summary>
internal static class MonitorAlerts
{
    public static async Task FireAsync(IReadOnlyList<AlertSettings> alerts, DriftAlert alert, CancellationToken cancellationToken)
    {
        if (alerts.Count == 0)
        {
            return;
        }

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var sender = new WebhookSender(http, TimeProvider.System, new WebhookOptions());
        var body = alert.ToJson();
        foreach (var settings in alerts)
        {
            if (settings.Log)
            {
                await Console.Error.WriteLineAsync(alert.Describe());
            }

            if (settings.Webhook is { } url)
            {
                var target = new WebhookTarget(url, settings.Headers);
                if (await sender.SendAsync(target, body, cancellationToken) is { } problem)
                {
                    await Console.Error.WriteLineAsync($"warning: the drift alert of check {alert.Check} was not delivered to the webhook: {problem}");
                }
            }
        }
    }
}
