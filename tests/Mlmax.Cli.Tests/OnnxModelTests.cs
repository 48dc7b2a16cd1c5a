using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mlmax.Scoring.Formats;

namespace Mlmax.Cli.Tests;

/// <summary>
/// A scikit-learn model (census-python) registered as an ONNX bundle: <c>mlmax predict</c> and <c>mlmax serve</c>
/// score it through ONNX Runtime, without Python, and agree with scikit-learn; Parquet in and out.
/// </summary>
public sealed partial class OnnxModelTests
{
    [Fact]
    public async Task PythonTrainedModel_PredictAndServeThroughOnnx_MatchScikitLearn()
    {
        using var p = new TempProject();
        Assert.Equal(0, (await CliProcess.RunAsync(Path.GetTempPath(), "init", p.Root, "--template", "census-python")).ExitCode);
        var train = await p.RunAsync("run", "training", "--json");
        Assert.True(train.ExitCode == 0, train.ToString());
        var infer = await p.RunAsync("run", "inference", "--json");
        Assert.True(infer.ExitCode == 0, infer.ToString());
        Assert.Equal(0, (await p.RunAsync("export", $"{infer.Json.GetProperty("run").GetString()}/score.predictions", "sklearn")).ExitCode);
        var sklearn = ReadCsv(p.PathOf("sklearn/predictions.csv"), "id");

        var predict = await p.RunAsync("predict", "census", "--input", "data/census-income-sample.csv", "--output", "onnx.csv", "--on-violation", "report", "--json");
        Assert.True(predict.ExitCode == 0, predict.ToString());
        Assert.Equal("onnx", predict.Json.GetProperty("format").GetString());
        var onnx = ReadCsv(p.PathOf("onnx.csv"), "row_id");
        Assert.Equal(500, onnx.Count);
        foreach (var (id, expected) in sklearn)
        {
            Assert.Equal(expected.Label, onnx[id].Label);
            Assert.True(Math.Abs(expected.Probability - onnx[id].Probability) < 1e-5, $"row {id}: scikit-learn {expected.Probability}, ONNX {onnx[id].Probability}");
        }

        // Parquet out, and Parquet in: the same predictions.
        var header = File.ReadLines(p.PathOf("data/census-income-sample.csv")).First().Split(',');
        using (var file = File.Create(p.PathOf("sample.parquet")))
        using (var writer = new ParquetRowWriter(file, header.Select(h => (h, typeof(string))).ToList()))
        {
            foreach (var line in File.ReadLines(p.PathOf("data/census-income-sample.csv")).Skip(1))
            {
                writer.Write(line.Split(','));
            }
        }

        var parquet = await p.RunAsync("predict", "census", "--input", "sample.parquet", "--output", "onnx.parquet", "--on-violation", "report", "--json");
        Assert.True(parquet.ExitCode == 0, parquet.ToString());
        using (var reader = ParquetRowReader.Open(p.PathOf("onnx.parquet")))
        {
            Assert.Equal(["row_id", "predicted_label", "probability"], reader.Header);
            var rows = reader.Rows(CancellationToken.None).ToList();
            Assert.Equal(500, rows.Count);
            Assert.All(rows, r => Assert.Equal(onnx[r[0]!].Probability, double.Parse(r[2]!, CultureInfo.InvariantCulture), 6));
        }

        // Served: the same probabilities over HTTP.
        using var server = Process.Start(CliProcess.StartInfo(p.Root, "serve", "census", "--port", "0"))!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            Match address = Match.Empty;
            string? line;
            while ((line = await server.StandardOutput.ReadLineAsync(timeout.Token)) is not null && !(address = Address().Match(line)).Success)
            {
            }

            Assert.True(address.Success, "no address printed");
            using var http = new HttpClient { BaseAddress = new Uri(address.Value) };
            // The server refuses columns the model does not take: send the features only.
            var features = Enumerable.Range(0, header.Length).Where(i => header[i] is not ("instance weight" or "income")).ToList();
            var rows = File.ReadLines(p.PathOf("data/census-income-sample.csv")).Skip(1).Take(5).Select(l => l.Split(',')).Select(f => features.Select(i => f[i]).ToList()).ToList();
            using var response = await http.PostAsJsonAsync("/invocations", new { dataframe_split = new { columns = features.Select(i => header[i]), data = rows } }, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            Assert.True(response.IsSuccessStatusCode, body);
            var predictions = JsonDocument.Parse(body).RootElement.GetProperty("predictions").EnumerateArray().ToList();
            Assert.Equal(5, predictions.Count);
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(onnx[i.ToString(CultureInfo.InvariantCulture)].Probability, predictions[i].GetProperty("probability").GetDouble(), 6);
                Assert.Equal(onnx[i.ToString(CultureInfo.InvariantCulture)].Label, predictions[i].GetProperty("predicted_label").GetInt64().ToString(CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static Dictionary<string, (string Label, double Probability)> ReadCsv(string path, string idColumn)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        int id = Array.IndexOf(header, idColumn), label = Array.IndexOf(header, "predicted_label"), probability = Array.IndexOf(header, "probability");
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[id], f => (f[label], double.Parse(f[probability], CultureInfo.InvariantCulture)));
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex Address();
}
