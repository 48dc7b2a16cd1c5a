using System.Text.Json;
using Mlmax.Metadata;
using Mlmax.Monitoring.Alerts;
using Mlmax.Monitoring.Tests.Reports;

namespace Mlmax.Monitoring.Tests.Alerts;

/// <summary>Webhook alerts against a real Kestrel receiver on loopback.</summary>
public sealed class WebhookSenderTests
{
    private static readonly WebhookOptions Fast = new() { Attempts = 3, Timeout = TimeSpan.FromSeconds(10), Backoff = TimeSpan.FromMilliseconds(10) };

    [Fact]
    public async Task SendAsync_DriftAlert_PostsJsonBodyWithHeadersAndQuery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var http = new HttpClient();
        var alert = Alert();
        var target = new WebhookTarget(new Uri(receiver.Url, "hooks/drift?token=s3cret"), new Dictionary<string, string> { ["Authorization"] = "Bearer abc" });

        var problem = await new WebhookSender(http, TimeProvider.System, Fast).SendAsync(target, alert.ToJson(), CancellationToken.None);

        Assert.Null(problem);
        var received = Assert.Single(receiver.Received);
        Assert.Equal("POST", received.Method);
        Assert.Equal("/hooks/drift?token=s3cret", received.PathAndQuery);
        Assert.StartsWith("application/json", received.ContentType, StringComparison.Ordinal);
        Assert.Equal("Bearer abc", received.Headers["Authorization"]);
        using var body = JsonDocument.Parse(received.Body);
        var root = body.RootElement;
        Assert.Equal("synthetic", root.GetProperty("model").GetString());
        Assert.Equal(2, root.GetProperty("version").GetInt32());
        Assert.Equal("run", root.GetProperty("source").GetProperty("kind").GetString());
        Assert.Equal("r3", root.GetProperty("source").GetProperty("run_id").GetString());
        Assert.Equal("chk-3", root.GetProperty("check").GetString());
        var age = root.GetProperty("drifted").EnumerateArray().Single(d => d.GetProperty("feature").GetString() == "age");
        var psi = age.GetProperty("crossed").EnumerateArray().Single(c => c.GetProperty("measure").GetString() == "psi");
        Assert.True(psi.GetProperty("value").GetDouble() > psi.GetProperty("threshold").GetDouble());
        Assert.Contains(root.GetProperty("drifted").EnumerateArray(), d => d.GetProperty("feature").GetString()!.StartsWith("prediction ", StringComparison.Ordinal));
        Assert.Equal("/reports/r.html", root.GetProperty("report").GetString());
    }

    [Fact]
    public async Task SendAsync_ServerErrorThenOk_RetriesAndDelivers()
    {
        await using var receiver = await WebhookReceiver.StartAsync(503, 500);
        using var http = new HttpClient();

        var problem = await new WebhookSender(http, TimeProvider.System, Fast).SendAsync(new WebhookTarget(receiver.Url, new Dictionary<string, string>()), "{}", CancellationToken.None);

        Assert.Null(problem);
        Assert.Equal(3, receiver.Received.Count);
    }

    [Fact]
    public async Task SendAsync_AlwaysFailing_ReturnsProblemWithoutQueryOrUserInfo()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 500, 500, 500);
        using var http = new HttpClient();
        var url = new UriBuilder(new Uri(receiver.Url, "hooks?token=s3cret")) { UserName = "me", Password = "hunter2" }.Uri;

        var problem = await new WebhookSender(http, TimeProvider.System, Fast).SendAsync(new WebhookTarget(url, new Dictionary<string, string>()), "{}", CancellationToken.None);

        Assert.NotNull(problem);
        Assert.Equal(3, receiver.Received.Count);
        Assert.Contains("500", problem, StringComparison.Ordinal);
        Assert.Contains($"{receiver.Url}hooks", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("me@", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ClientError_NotRetried()
    {
        await using var receiver = await WebhookReceiver.StartAsync(404);
        using var http = new HttpClient();

        var problem = await new WebhookSender(http, TimeProvider.System, Fast).SendAsync(new WebhookTarget(receiver.Url, new Dictionary<string, string>()), "{}", CancellationToken.None);

        Assert.Contains("404", problem, StringComparison.Ordinal);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task SendAsync_NothingListening_ReturnsProblemInsteadOfThrowing()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var http = new HttpClient();
        var problem = await new WebhookSender(http, TimeProvider.System, Fast with { Attempts = 2 })
            .SendAsync(new WebhookTarget(new Uri($"http://127.0.0.1:{port}/hook"), new Dictionary<string, string>()), "{}", CancellationToken.None);

        Assert.Contains("could not be reached", problem, StringComparison.Ordinal);
        Assert.Contains("after 2 attempt(s)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_DriftAlert_OneLineNamingModelSourceAndFeatures()
    {
        var line = Alert().Describe();

        Assert.DoesNotContain('\n', line);
        Assert.Contains("synthetic:2", line, StringComparison.Ordinal);
        Assert.Contains("run r3/score", line, StringComparison.Ordinal);
        Assert.Contains("age (psi ", line, StringComparison.Ordinal);
    }

    private static DriftAlert Alert()
    {
        var report = SyntheticReports.Drifted();
        var check = new MonitorCheckRecord
        {
            Id = "chk-3",
            Model = "synthetic",
            Version = 2,
            Source = MonitorSource.ForRun("r3", "score"),
            CheckedAt = SyntheticReports.T0,
            Drifted = true,
            ThresholdsJson = "{}",
            ReportArtifact = "sha256:0",
        };
        return DriftAlert.Of(check, report.Input, report.Predictions, "/reports/r.html");
    }
}
