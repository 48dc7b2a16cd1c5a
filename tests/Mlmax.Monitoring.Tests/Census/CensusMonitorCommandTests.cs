using System.Text.Json;
using System.Text.Json.Nodes;
using Mlmax.Monitoring.Tests.Alerts;
using Mlmax.Monitoring.Tests.Reports;
using Mlmax.Monitoring.Tests.Synthetic;

namespace Mlmax.Monitoring.Tests.Census;

/// <summary>
/// <c>mlmax monitor</c> end to end on the census template: three batches (the sample, its people 4 years older, and a damaged copy 25 years older) checked with
/// <c>--since</c>, thresholds and alerts from mlmax.yaml (a webhook on a Kestrel receiver, a log line), recorded
/// checks reused, <c>monitor history</c>, and the HTML report opened in headless Chromium. With
/// <c>MLMAX_REPORT_SCREENSHOT=PATH</c> set, the report's screenshot is saved there (docs/images/monitor-report.png).
/// </summary>
public sealed class CensusMonitorCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Project => _folder.PathOf("census");

    [Fact]
    public async Task Monitor_SinceWithConfiguredAlerts_RecordsChecksAlertsOnceAndWritesABrowsableReport()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        Assert.Equal(0, (await CensusCli.RunAsync(_folder.Root, "init", Project, "--template", "census")).Code);
        var yaml = Path.Combine(Project, "mlmax.yaml");
        await File.AppendAllTextAsync(yaml, $"""

            monitoring:
              thresholds:
                psi: 0.25
                features:
                  "capital gains": {"{"} ignore: true {"}"}
                  shoe size: {"{"} psi: 0.1 {"}"}
              alerts:
                - log: true
                - webhook: {receiver.Url}hooks/drift?token=s3cret
                  headers: {"{"} Authorization: Bearer t0ken {"}"}
                - run: retrain
                  params: {"{"} reason: drift {"}"}

            """);
        await File.WriteAllTextAsync(Path.Combine(Project, "pipelines", "retrain.yaml"), """
            name: retrain
            parameters:
              reason: { type: string, default: "" }
            steps:
              note:
                command: [bash, -c, 'echo "retraining: $MLMAX_PARAM_REASON" > "$MLMAX_OUTPUT_OUT/why.txt"']
                outputs: [out]
                parameters: { reason: "${params.reason}" }
            """);
        var shoeLine = Array.FindIndex(File.ReadAllLines(yaml), l => l.Contains("shoe size", StringComparison.Ordinal)) + 1;
        await CensusCli.RunJsonAsync(Project, "run", "training", "--json");
        CensusData.WriteDriftedCopy(Path.Combine(Project, "data/census-income-sample.csv"), Path.Combine(Project, "data/older.csv"), years: 4, damaged: false);
        CensusData.WriteDriftedCopy(Path.Combine(Project, "data/census-income-sample.csv"), Path.Combine(Project, "data/drifted.csv"));
        var sample = (await CensusCli.RunJsonAsync(Project, "run", "inference", "--model", "census:1", "--json")).GetProperty("run").GetString();
        var older = (await CensusCli.RunJsonAsync(Project, "run", "inference", "--model", "census:1", "--input", "data=data/older.csv", "--json")).GetProperty("run").GetString();
        var drifted = (await CensusCli.RunJsonAsync(Project, "run", "inference", "--model", "census:1", "--input", "data=data/drifted.csv", "--json")).GetProperty("run").GetString();

        var (code, stdout, stderr) = await CensusCli.RunAsync(Project, "monitor", "census:1", "--since", "1h", "--json");

        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        var first = JsonDocument.Parse(stdout).RootElement;
        var checks = first.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal([sample, older, drifted], checks.Select(c => c.GetProperty("run").GetString()));
        Assert.All(checks, c => Assert.False(c.GetProperty("reused").GetBoolean()));
        Assert.True(checks[2].GetProperty("drifted").GetBoolean());
        Assert.True(checks[1].GetProperty("worst_psi").GetDouble() < checks[2].GetProperty("worst_psi").GetDouble());
        Assert.Contains("age", checks[2].GetProperty("drifted_features").EnumerateArray().Select(f => f.GetString()));
        var latest = first.GetProperty("latest");
        Assert.Equal(drifted, latest.GetProperty("run").GetString());
        Assert.DoesNotContain("capital gains", latest.GetProperty("input").GetProperty("drifted").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains($"mlmax.yaml:{shoeLine}: monitoring.thresholds.features: the baseline has no feature 'shoe size'", stderr, StringComparison.Ordinal);
        Assert.Contains($"drift alert: census:1 (run {drifted}/score)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", stderr + stdout, StringComparison.Ordinal);
        // The sample crossed a threshold too (a few categories the 400 training rows never saw): one alert per new check that did.
        Assert.Equal(checks.Count(c => c.GetProperty("drifted").GetBoolean()), receiver.Received.Count);
        Assert.All(receiver.Received, p => Assert.Equal("/hooks/drift?token=s3cret", p.PathAndQuery));
        Assert.All(receiver.Received, p => Assert.Equal("Bearer t0ken", p.Headers["Authorization"]));
        var alert = receiver.Received.Select(p => JsonNode.Parse(p.Body)!).Single(a => (string?)a["source"]!["run_id"] == drifted);
        Assert.Equal("census", (string?)alert["model"]);
        Assert.Equal(1, (int)alert["version"]!);
        Assert.Equal(checks[2].GetProperty("check").GetString(), (string?)alert["check"]);
        Assert.Contains(alert["drifted"]!.AsArray(), d => (string?)d!["feature"] == "age");

        // The run alert started the retraining pipeline once, for the latest check, with its trigger naming that check.
        var retrains = (await CensusCli.RunJsonAsync(Project, "runs", "--json")).EnumerateArray().Where(r => r.GetProperty("pipeline").GetString() == "retrain").ToList();
        var retrain = Assert.Single(retrains);
        Assert.Equal("succeeded", retrain.GetProperty("status").GetString());
        var retrainShown = await CensusCli.RunJsonAsync(Project, "show", retrain.GetProperty("run").GetString()!, "--json");
        Assert.Equal("alert", retrainShown.GetProperty("trigger").GetProperty("kind").GetString());
        Assert.Equal("census:1", retrainShown.GetProperty("trigger").GetProperty("source").GetString());
        Assert.Equal($"{checks[2].GetProperty("check").GetString()} runs retrain", retrainShown.GetProperty("trigger").GetProperty("detail").GetString());
        Assert.Equal("drift", retrainShown.GetProperty("parameters").GetProperty("reason").GetString());
        Assert.Contains($"alert: check {checks[2].GetProperty("check").GetString()} starts a retrain run in this process", stderr, StringComparison.Ordinal);

        // Again: every batch was checked with these thresholds, so the recorded checks are reused and nothing re-alerts.
        var posted = receiver.Received.Count;
        var again = await CensusCli.RunAsync(Project, "monitor", "census:1", "--since", "1h", "--json");
        Assert.Equal(1, again.Code);
        Assert.All(JsonDocument.Parse(again.Stdout).RootElement.GetProperty("checks").EnumerateArray(), c => Assert.True(c.GetProperty("reused").GetBoolean()));
        Assert.Equal(posted, receiver.Received.Count);
        Assert.Single((await CensusCli.RunJsonAsync(Project, "runs", "--json")).EnumerateArray(), r => r.GetProperty("pipeline").GetString() == "retrain");

        var history = await CensusCli.RunJsonAsync(Project, "monitor", "history", "census", "--json");
        var recorded = history.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(checks.Select(c => c.GetProperty("check").GetString()), recorded.Select(c => c.GetProperty("id").GetString()));
        Assert.StartsWith("sha256:", recorded[2].GetProperty("report_artifact").GetString(), StringComparison.Ordinal);
        Assert.Equal(drifted, recorded[2].GetProperty("source").GetProperty("run_id").GetString());

        var shown = await CensusCli.RunJsonAsync(Project, "show", drifted!, "--json");
        Assert.Equal(recorded[2].GetProperty("id").GetString(), shown.GetProperty("monitor_checks").EnumerateArray().Single().GetProperty("check").GetString());

        var report = first.GetProperty("report").GetString()!;
        Assert.StartsWith(Path.Combine(Project, ".mlmax", "reports", "monitor-census-1-"), report, StringComparison.Ordinal);
        await using var chromium = await HeadlessChromium.StartAsync();
        await chromium.NavigateAsync(new Uri(report).AbsoluteUri);
        var page = JsonNode.Parse((string)(await chromium.EvaluateAsync("""
            JSON.stringify({
              distributions: document.querySelectorAll('svg[data-plot=distribution]').length,
              drifted: [...document.querySelectorAll('svg[data-plot=distribution][data-drifted=true]')].map(s => s.dataset.feature),
              overTime: document.querySelectorAll('svg[data-plot=drift-over-time] circle').length,
              metricsEmpty: document.querySelectorAll('[data-empty=metric-over-time]').length
            })
            """))!)!;
        Assert.Empty(chromium.Errors);
        Assert.True((int)page["distributions"]! > 30);
        Assert.Contains("age", page["drifted"]!.AsArray().Select(d => (string?)d));
        Assert.True((int)page["overTime"]! >= 3);
        Assert.Equal(1, (int)page["metricsEmpty"]!);

        if (Environment.GetEnvironmentVariable("MLMAX_REPORT_SCREENSHOT") is { Length: > 0 } screenshot)
        {
            await File.WriteAllBytesAsync(screenshot, await chromium.ScreenshotAsync(1100, 1900));
        }
    }
}
