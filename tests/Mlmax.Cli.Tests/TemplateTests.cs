namespace Mlmax.Cli.Tests;

/// <summary>The shipped templates, run for real: train, re-run cached, edit a step, score, trace.</summary>
public sealed class TemplateTests
{
    private static Dictionary<string, System.Text.Json.JsonElement> Steps(CliResult r) =>
        r.Json.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!);

    [Fact]
    public async Task CensusPython_TrainCacheEditScoreTrace_EndToEnd()
    {
        using var p = new TempProject();
        var init = await CliProcess.RunAsync(Path.GetTempPath(), "init", p.Root, "--template", "census-python");
        Assert.True(init.ExitCode == 0, init.ToString());

        var train = await p.RunAsync("run", "training", "--json");
        Assert.True(train.ExitCode == 0, train.ToString());
        var auc = Steps(train)["evaluate"].GetProperty("metrics").GetProperty("auc").GetDouble();
        Assert.InRange(auc, 0.5, 1.0);

        var again = await p.RunAsync("run", "training", "--json");
        Assert.All(Steps(again).Values, s => Assert.Equal("cached", s.GetProperty("status").GetString()));

        File.AppendAllText(p.PathOf("src/train.py"), "\n# a data scientist's tweak\n");
        var edited = await p.RunAsync("run", "training", "--json", "--explain");
        Assert.True(edited.ExitCode == 0, edited.ToString());
        var steps = Steps(edited);
        Assert.Equal("cached", steps["preprocess"].GetProperty("status").GetString());
        Assert.Equal("succeeded", steps["train"].GetProperty("status").GetString());
        Assert.Contains("code src/train.py changed", steps["train"].GetProperty("why").GetString(), StringComparison.Ordinal);
        // A comment does not change the trained model's bytes, so evaluate's inputs are unchanged and it is reused.
        Assert.Equal(Steps(train)["train"].GetProperty("outputs").GetRawText(), steps["train"].GetProperty("outputs").GetRawText());
        Assert.Equal("cached", steps["evaluate"].GetProperty("status").GetString());

        var retuned = await p.RunAsync("run", "training", "--json", "--explain", "--param", "c=0.5");
        Assert.True(retuned.ExitCode == 0, retuned.ToString());
        steps = Steps(retuned);
        Assert.Equal("cached", steps["preprocess"].GetProperty("status").GetString());
        Assert.Contains("param c changed 1.0 -> 0.5", steps["train"].GetProperty("why").GetString(), StringComparison.Ordinal);
        Assert.Contains("input model changed", steps["evaluate"].GetProperty("why").GetString(), StringComparison.Ordinal);
        var trainingRun = retuned.Json.GetProperty("run").GetString()!;

        var infer = await p.RunAsync("run", "inference", "--json");
        Assert.True(infer.ExitCode == 0, infer.ToString());
        var inferenceRun = infer.Json.GetProperty("run").GetString()!;
        Assert.Equal(0, (await p.RunAsync("export", $"{inferenceRun}/score.predictions", "out")).ExitCode);
        Assert.Equal(501, File.ReadAllLines(p.PathOf("out/predictions.csv")).Length);

        var lineage = await p.RunAsync("lineage", $"{inferenceRun}/score.predictions", "--json");
        Assert.True(lineage.ExitCode == 0, lineage.ToString());
        var score = lineage.Json.GetProperty("upstream").GetProperty("produced_by");
        Assert.True(score.GetProperty("code").TryGetProperty("src/score.py", out _));
        Assert.StartsWith("/usr/bin/python3 Python 3", score.GetProperty("environment").GetProperty("python").GetString(), StringComparison.Ordinal);
        var model = score.GetProperty("inputs").GetProperty("model").GetProperty("produced_by");
        var transform = score.GetProperty("inputs").GetProperty("transform").GetProperty("produced_by");
        Assert.Equal(trainingRun, model.GetProperty("run").GetString());
        Assert.Equal("train", model.GetProperty("step").GetString());
        Assert.Equal("preprocess", transform.GetProperty("step").GetString());
        Assert.Equal(0.2, transform.GetProperty("parameters").GetProperty("split_ratio").GetDouble());
        Assert.Equal("data/census-income-sample.csv", score.GetProperty("inputs").GetProperty("data").GetProperty("source").GetString());
    }
}

/// <summary>The C# census template: ML.NET steps built from the project, out of process and in process.</summary>
public sealed class CensusTemplateTests
{
    private static Dictionary<string, System.Text.Json.JsonElement> Steps(CliResult r) =>
        r.Json.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!);

    [Fact]
    public async Task Census_TrainEditScoreInProcess_EndToEnd()
    {
        using var p = new TempProject();
        Assert.Equal(0, (await CliProcess.RunAsync(Path.GetTempPath(), "init", p.Root, "--template", "census")).ExitCode);
        var train = await p.RunAsync("run", "training", "--json");
        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.InRange(Steps(train)["evaluate"].GetProperty("metrics").GetProperty("auc").GetDouble(), 0.5, 1.0);

        File.AppendAllText(p.PathOf("src/Census.Steps/Train.cs"), "\n// tweak\n");
        var edited = await p.RunAsync("run", "training", "--json", "--explain");
        Assert.True(edited.ExitCode == 0, edited.ToString());
        var steps = Steps(edited);
        Assert.Equal("cached", steps["preprocess"].GetProperty("status").GetString());
        Assert.Equal("succeeded", steps["train"].GetProperty("status").GetString());
        Assert.Contains("code src/Census.Steps/Train.cs changed", steps["train"].GetProperty("why").GetString(), StringComparison.Ordinal);

        // The same steps inside the mlmax process give byte-identical artifacts.
        using var inProcess = new TempProject();
        Assert.Equal(0, (await CliProcess.RunAsync(Path.GetTempPath(), "init", inProcess.Root, "--template", "census")).ExitCode);
        var again = await inProcess.RunAsync("run", "training", "--json", "--in-process");
        Assert.True(again.ExitCode == 0, again.ToString());
        foreach (var (name, step) in Steps(train))
        {
            Assert.Equal(step.GetProperty("outputs").GetRawText(), Steps(again)[name].GetProperty("outputs").GetRawText());
        }

        var infer = await p.RunAsync("run", "inference", "--json");
        Assert.True(infer.ExitCode == 0, infer.ToString());
        Assert.Equal(500, Steps(infer)["score"].GetProperty("metrics").GetProperty("rows_scored").GetInt32());
        var lineage = (await p.RunAsync("lineage", $"{infer.Json.GetProperty("run").GetString()}/score.predictions", "--json")).Json;
        var model = lineage.GetProperty("upstream").GetProperty("produced_by").GetProperty("inputs").GetProperty("model").GetProperty("produced_by");
        Assert.Equal(edited.Json.GetProperty("run").GetString(), model.GetProperty("run").GetString());
        Assert.True(model.GetProperty("code").TryGetProperty("src/Census.Steps/Train.cs", out _));
    }
}

/// <summary>Registry and batch scoring on the census template: the registered bundle scores exactly like the inference pipeline.</summary>
public sealed class CensusPredictTests
{
    [Fact]
    public async Task Predict_ProductionModel_MatchesInferencePipelineAndIsTraced()
    {
        using var p = new TempProject();
        Assert.Equal(0, (await CliProcess.RunAsync(Path.GetTempPath(), "init", p.Root, "--template", "census")).ExitCode);
        var train = await p.RunAsync("run", "training", "--json");
        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Equal("census:1", train.Json.GetProperty("model_version").GetString());
        var promote = await p.RunAsync("models", "promote", "census:1", "--to", "production", "--json");
        Assert.True(promote.ExitCode == 0, promote.ToString());

        var predict = await p.RunAsync("predict", "census@production", "--input", "data/census-income-sample.csv", "--output", "scores.csv", "--json");
        Assert.True(predict.ExitCode == 0, predict.ToString());
        Assert.Equal(500, predict.Json.GetProperty("rows").GetInt32());

        var infer = await p.RunAsync("run", "inference", "--model", "census@production", "--json");
        Assert.True(infer.ExitCode == 0, infer.ToString());
        Assert.Equal(0, (await p.RunAsync("export", $"{infer.Json.GetProperty("run").GetString()}/score.predictions", "pipeline-out")).ExitCode);
        static Dictionary<string, string> Probabilities(string file)
        {
            var lines = File.ReadAllLines(file);
            var header = lines[0].Split(',');
            int id = Array.IndexOf(header, "row_id"), prob = Array.IndexOf(header, "probability");
            return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[id], f => f[prob]);
        }

        Assert.Equal(Probabilities(p.PathOf("pipeline-out/predictions.csv")), Probabilities(p.PathOf("scores.csv")));

        var lineage = (await p.RunAsync("lineage", predict.Json.GetProperty("predictions").GetString()!, "--json")).Json;
        var producer = lineage.GetProperty("upstream").GetProperty("produced_by");
        Assert.Equal("predict", producer.GetProperty("pipeline").GetString());
        Assert.Equal("census:1", producer.GetProperty("parameters").GetProperty("model").GetString());
        Assert.Equal(train.Json.GetProperty("run").GetString(),
            producer.GetProperty("inputs").GetProperty("model").GetProperty("produced_by").GetProperty("run").GetString());

        File.WriteAllLines(p.PathOf("partial.csv"), File.ReadAllLines(p.PathOf("data/census-income-sample.csv")).Select(l => string.Join(',', l.Split(',').Take(3))));
        var partial = await p.RunAsync("predict", "census@production", "--input", "partial.csv", "--output", "partial-scores.csv");
        Assert.Equal(2, partial.ExitCode);
        Assert.Contains("missing", partial.All, StringComparison.Ordinal);
        Assert.False(File.Exists(p.PathOf("partial-scores.csv")));
    }
}
