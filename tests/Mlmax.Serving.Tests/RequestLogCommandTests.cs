using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML;

namespace Mlmax.Serving.Tests;

/// <summary>
/// End to end through the CLI: <c>mlmax serve --log-requests 1</c> logs what it scores, <c>mlmax monitor --requests</c>
/// checks that window, and <c>mlmax monitor labels</c> joins true labels to the served and batch predictions by id.
/// </summary>
[Collection(CensusCollection.Name)]
public sealed partial class RequestLogCommandTests(CensusProject project)
{
    private const int Served = 200;
    private const int Batched = 100;

    [Fact]
    public async Task ServeMonitorAndLabels_LoggedRequestsAndBatchRun_WindowCheckedAndMetricsEqualAnIndependentEvaluation()
    {
        var lines = File.ReadLines(Path.Combine(project.Root, "data", "census-income-sample.csv")).Select(l => l.Split(',')).ToList();
        var label = Array.IndexOf(lines[0], "income");
        var header = lines[0].Where((_, i) => i != label).ToArray();
        var data = lines.Skip(1).ToList();
        bool Truth(int row) => data[row][label].Trim() == "50000+.";

        // Serve with every row logged; score rows 0..199 with ids s-0..s-199, four requests of 50.
        var served = new List<(string Id, bool Label, bool Predicted, float Score, float Probability)>();
        using (var process = Process.Start(CliProcess.StartInfo(project.Root, "serve", "census@production", "--port", "0", "--log-requests", "1", "--on-violation", "report"))!)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
                string? line;
                var address = Match.Empty;
                while ((line = await process.StandardOutput.ReadLineAsync(timeout.Token)) is not null && !(address = Address().Match(line)).Success)
                {
                }

                Assert.True(address.Success, $"no address printed; stderr: {(process.HasExited ? await stderr : "")}");
                Assert.Contains("logging 100% of served rows", line, StringComparison.Ordinal);
                using var http = new HttpClient { BaseAddress = new Uri(address.Value) };
                for (var start = 0; start < Served; start += 50)
                {
                    var body = new StringBuilder("id,").AppendJoin(',', header).Append('\n');
                    for (var r = start; r < start + 50; r++)
                    {
                        body.Append("s-").Append(r.ToString(CultureInfo.InvariantCulture)).Append(',').AppendJoin(',', data[r].Where((_, i) => i != label)).Append('\n');
                    }

                    using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = new StringContent(body.ToString(), Encoding.UTF8) };
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv; header=present");
                    request.Headers.Accept.ParseAdd("application/json");
                    using var response = await http.SendAsync(request, timeout.Token);
                    var text = await response.Content.ReadAsStringAsync(timeout.Token);
                    Assert.True(response.StatusCode == HttpStatusCode.OK, text);
                    var predictions = JsonDocument.Parse(text).RootElement.GetProperty("predictions").EnumerateArray().ToList();
                    for (var r = start; r < start + 50; r++)
                    {
                        var p = predictions[r - start];
                        served.Add(($"s-{r}", Truth(r), p.GetProperty("predicted_label").GetBoolean(), p.GetProperty("score").GetSingle(), p.GetProperty("probability").GetSingle()));
                    }
                }

                using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
                {
                    await kill.WaitForExitAsync(timeout.Token);
                }

                await process.WaitForExitAsync(timeout.Token);
                Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}");
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }

        // The window: every served row, flushed when the server stopped.
        var window = await project.RunAsync("monitor", "census@production", "--requests", "--since", "1h", "--json");
        Assert.True(window.ExitCode is 0 or 1, window.ToString());
        var requests = JsonDocument.Parse(window.Stdout).RootElement.GetProperty("requests");
        Assert.Equal((Served, 4), (requests.GetProperty("rows").GetInt32(), requests.GetProperty("requests").GetInt32()));
        var table = await project.RunAsync("monitor", "census@production", "--requests");
        Assert.Contains($"{Served} rows of 4 requests", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("│ age ", table.Stdout, StringComparison.Ordinal);

        // A batch run of the sample with census:1: its rows are numbered 0.. as row_id.
        var run = await project.RunAsync("run", "inference", "--param", "model=census:1", "--quiet", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var runId = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("run").GetString()!;
        var exported = Path.Combine(project.Root, "out-" + runId);
        Assert.Equal(0, (await project.RunAsync("export", $"{runId}/score.predictions", exported)).ExitCode);
        var batch = File.ReadLines(Path.Combine(exported, "predictions.csv")).Skip(1).Take(Batched).Select(l => l.Split(','))
            .Select((f, r) => (Id: f[0], Label: Truth(r), Predicted: bool.Parse(f[1]), Score: float.Parse(f[2], CultureInfo.InvariantCulture), Probability: float.Parse(f[3], CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Equal("0", batch[0].Id);

        // Labels: the served rows and the first batch rows, two ids nobody predicted, and one repeated id.
        var labels = new StringBuilder("id,income\n");
        foreach (var (id, truth, _, _, _) in served.Concat(batch))
        {
            labels.Append(id).Append(',').Append(truth ? " 50000+." : " - 50000.").Append('\n');
        }

        labels.Append("ghost-1, 50000+.\nghost-2, - 50000.\ns-0, - 50000.\n");
        var labelsFile = Path.Combine(project.Root, "labels-" + runId + ".csv");
        await File.WriteAllTextAsync(labelsFile, labels.ToString());

        var result = await project.RunAsync("monitor", "labels", "census@production", "--input", labelsFile, "--label-column", "income", "--positive", "50000+.", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal((Served + Batched, 2, 1), (json.GetProperty("matched").GetInt32(), json.GetProperty("unmatched").GetInt32(), json.GetProperty("duplicates").GetInt32()));
        Assert.Equal(Served, json.GetProperty("sources").GetProperty("requests").GetInt32());
        Assert.Equal(Batched, json.GetProperty("sources").GetProperty(runId).GetInt32());
        var expected = Evaluate(served.Concat(batch));
        var metrics = json.GetProperty("metrics");
        Assert.Equal(expected.AreaUnderRocCurve, metrics.GetProperty("auc").GetDouble(), 9);
        Assert.Equal(expected.Accuracy, metrics.GetProperty("accuracy").GetDouble(), 9);
        Assert.Equal(expected.PositivePrecision, metrics.GetProperty("precision").GetDouble(), 9);
        Assert.Equal(expected.PositiveRecall, metrics.GetProperty("recall").GetDouble(), 9);
        Assert.Equal(expected.F1Score, metrics.GetProperty("f1").GetDouble(), 9);
        Assert.Equal(expected.LogLoss, metrics.GetProperty("log_loss").GetDouble(), 9);
        Assert.Equal(Served + Batched, json.GetProperty("buckets").EnumerateArray().Sum(b => b.GetProperty("rows").GetInt32()));

        // The evaluation is recorded as a check of kind labels, with its metrics, for the report's metrics over time.
        var history = await project.RunAsync("monitor", "history", "census", "--json");
        Assert.True(history.ExitCode == 0, history.ToString());
        var labelled = JsonDocument.Parse(history.Stdout).RootElement.GetProperty("checks").EnumerateArray()
            .Single(c => c.GetProperty("source").GetProperty("kind").GetString() == "labels");
        Assert.Equal(json.GetProperty("check").GetString(), labelled.GetProperty("id").GetString());
        Assert.Equal(metrics.GetProperty("auc").GetDouble(), labelled.GetProperty("source").GetProperty("metrics").GetProperty("auc").GetDouble(), 12);

        var bad = await project.RunAsync("monitor", "labels", "census@production", "--input", labelsFile);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains($"{labelsFile}:1: no column 'label'", bad.Stderr, StringComparison.Ordinal);
        var unparsable = await project.RunAsync("monitor", "labels", "census@production", "--input", labelsFile, "--label-column", "income");
        Assert.Equal(2, unparsable.ExitCode);
        Assert.Contains($"{labelsFile}:2: the label ' - 50000.' in column 'income' is not a class", unparsable.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-1")]
    public async Task Serve_LogRequestsOutOfRange_Exit2NamingTheRange(string rate)
    {
        var result = await project.RunAsync("serve", "census@production", "--port", "0", "--log-requests", rate);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--log-requests must be from 0 (off) to 1 (every row)", result.All, StringComparison.Ordinal);
    }

    /// <summary>ML.NET's binary classification evaluation of the rows, computed here, apart from mlmax.</summary>
    private static Microsoft.ML.Data.CalibratedBinaryClassificationMetrics Evaluate(IEnumerable<(string Id, bool Label, bool Predicted, float Score, float Probability)> rows)
    {
        var ml = new MLContext(0);
        var view = ml.Data.LoadFromEnumerable(rows.Select(r => new Scored { Label = r.Label, PredictedLabel = r.Predicted, Score = r.Score, Probability = r.Probability }));
        return ml.BinaryClassification.Evaluate(view);
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex Address();

    public sealed class Scored
    {
        public bool Label { get; set; }

        public bool PredictedLabel { get; set; }

        public float Score { get; set; }

        public float Probability { get; set; }
    }
}
