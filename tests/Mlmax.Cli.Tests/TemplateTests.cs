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

        // The sample holds the test split too, whose rare categories training never saw: report them, score all.
        var predict = await p.RunAsync("predict", "census@production", "--input", "data/census-income-sample.csv", "--output", "scores.csv", "--on-violation", "report", "--json");
        Assert.True(predict.ExitCode == 0, predict.ToString());
        Assert.Equal(500, predict.Json.GetProperty("rows").GetInt32());
        Assert.Equal("report", predict.Json.GetProperty("schema").GetProperty("policy").GetString());
        Assert.True(File.Exists(p.PathOf("scores.csv.violations.csv")));

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

        // A directory of files is read as one table, in name order; lineage records the whole directory as the input.
        var sample = File.ReadAllLines(p.PathOf("data/census-income-sample.csv"));
        Directory.CreateDirectory(p.PathOf("parts"));
        File.WriteAllLines(p.PathOf("parts/1.csv"), sample.Take(201));
        File.WriteAllLines(p.PathOf("parts/2.csv"), sample.Take(1).Concat(sample.Skip(201)));
        var parts = await p.RunAsync("predict", "census@production", "--input", "parts", "--output", "parts-scores.csv", "--on-violation", "report", "--json");
        Assert.True(parts.ExitCode == 0, parts.ToString());
        Assert.Equal(Probabilities(p.PathOf("scores.csv")), Probabilities(p.PathOf("parts-scores.csv")));
        var partsLineage = (await p.RunAsync("lineage", parts.Json.GetProperty("predictions").GetString()!, "--json")).Json.GetProperty("upstream").GetProperty("produced_by");
        Assert.Equal("report", partsLineage.GetProperty("parameters").GetProperty("on_violation").GetString());
        Assert.Equal(500, partsLineage.GetProperty("metrics").GetProperty("rows_scored").GetDouble());

        // A run pins the version when it is planned: the same version is reused, a new one scores again.
        static System.Text.Json.JsonElement Score(CliResult r) =>
            r.Json.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("step").GetString() == "score");
        var again = await p.RunAsync("run", "inference", "--model", "census@production", "--json");
        Assert.Equal("cached", Score(again).GetProperty("status").GetString());
        var retrain = await p.RunAsync("run", "training", "--param", "seed=7", "--json");
        Assert.Equal("census:2", retrain.Json.GetProperty("model_version").GetString());
        var latest = await p.RunAsync("run", "inference", "--json", "--explain");
        Assert.True(latest.ExitCode == 0, latest.ToString());
        Assert.Equal("succeeded", Score(latest).GetProperty("status").GetString());
        Assert.Contains("param model changed \"census:1\" -> \"census:2\"", Score(latest).GetProperty("why").GetString(), StringComparison.Ordinal);
        var missing = await p.RunAsync("run", "inference", "--model", "census@staging");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no registered version matches census@staging (promote one: mlmax models promote census:N --to staging)", missing.All, StringComparison.Ordinal);

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

    [Fact]
    public async Task Predict_RowsOutsideTheTrainingSchema_RefusedByDefaultAndReportedOnRequest()
    {
        using var p = new TempProject();
        Assert.Equal(0, (await CliProcess.RunAsync(Path.GetTempPath(), "init", p.Root, "--template", "census")).ExitCode);
        var train = await p.RunAsync("run", "training", "--json");
        Assert.True(train.ExitCode == 0, train.ToString());

        // The bundle holds the schema and baseline of the training split.
        var show = await p.RunAsync("models", "show", "census:1", "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        var components = show.Json.GetProperty("version").GetProperty("components");
        Assert.Equal(["baseline", "model", "prediction_baseline", "schema", "transform"], components.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(0, (await p.RunAsync("export", components.GetProperty("baseline").GetString()!, "bundle/baseline")).ExitCode);
        Assert.Equal(0, (await p.RunAsync("export", components.GetProperty("schema").GetString()!, "bundle/schema")).ExitCode);
        var baselineText = File.ReadAllText(p.PathOf("bundle/baseline/baseline.json"));
        var baseline = Mlmax.Scoring.Schema.TrainingBaseline.Read(p.PathOf("bundle/baseline/baseline.json"));
        Assert.Equal(baselineText, baseline.ToJson());
        var preprocess = train.Json.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("step").GetString() == "preprocess");
        Assert.Equal(preprocess.GetProperty("metrics").GetProperty("rows_train").GetInt64(), baseline.Rows);
        var age = baseline.Numeric["age"];
        Assert.InRange(age.Mean!.Value, 20, 50);
        Assert.Equal(baseline.Rows, age.Count + age.Missing);
        Assert.Equal(10, age.Histogram.Counts.Count);
        Assert.Equal(age.Count, age.Histogram.Counts.Sum());
        Assert.Equal(baseline.Rows, baseline.Categorical["sex"].Frequencies.Values.Sum() + baseline.Categorical["sex"].Missing);
        var schemaText = File.ReadAllText(p.PathOf("bundle/schema/schema.json"));
        var schema = Mlmax.Scoring.Schema.InputSchema.Read(p.PathOf("bundle/schema/schema.json"));
        Assert.Equal(schemaText, schema.ToJson());
        Assert.Equal("income", schema.Label);
        Assert.DoesNotContain(schema.Columns, c => c.Name == "income");

        // Three training rows: the second with a category training never saw, the third with a non-number age.
        Assert.Equal(0, (await p.RunAsync("export", $"{train.Json.GetProperty("run").GetString()}/preprocess.train", "train")).ExitCode);
        var lines = File.ReadLines(p.PathOf("train/train.csv")).Where(l => !l.Contains('"', StringComparison.Ordinal)).Take(4).ToList();
        var header = lines[0].Split(',');
        string Edit(string line, string column, string value)
        {
            var fields = line.Split(',');
            fields[Array.IndexOf(header, column)] = value;
            return string.Join(',', fields);
        }

        File.WriteAllLines(p.PathOf("bad.csv"), [lines[0], lines[1], Edit(lines[2], "class of worker", " Martian"), Edit(lines[3], "age", "forty")]);

        var refused = await p.RunAsync("predict", "census:1", "--input", "bad.csv", "--output", "bad-scores.csv");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("2 schema violations in 2 rows", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("row 2, column 'class of worker': 'Martian' is a category not seen in training", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("row 3, column 'age': 'forty' is not a number", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--on-violation report", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(p.PathOf("bad-scores.csv")));
        Assert.False(File.Exists(p.PathOf("bad-scores.csv.violations.csv")));
        Assert.Empty(Directory.GetFiles(p.Root, "*.tmp"));

        var reported = await p.RunAsync("predict", "census:1", "--input", "bad.csv", "--output", "bad-scores.csv", "--on-violation", "report", "--json");
        Assert.True(reported.ExitCode == 0, reported.ToString());
        Assert.Equal(3, reported.Json.GetProperty("rows").GetInt32());
        var summary = reported.Json.GetProperty("schema");
        Assert.Equal(2, summary.GetProperty("violations").GetInt32());
        Assert.Equal(
            ["class of worker unseen_category 1 Martian", "age not_a_number 1 forty"],
            summary.GetProperty("by_column").EnumerateArray().Select(g => $"{g.GetProperty("column")} {g.GetProperty("problem")} {g.GetProperty("count")} {g.GetProperty("example")}"));
        Assert.Equal(4, File.ReadAllLines(p.PathOf("bad-scores.csv")).Length);
        Assert.Equal(
            ["row,column,problem,value", "2,class of worker,unseen_category,Martian", "3,age,not_a_number,forty"],
            File.ReadAllLines(p.PathOf("bad-scores.csv.violations.csv")));

        var table = await p.RunAsync("predict", "census:1", "--input", "bad.csv", "--output", "bad-scores.csv", "--on-violation", "report");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Matches(@"class of worker\s*│\s*unseen_category\s*│\s*1\s*│\s*Martian", table.Stdout);

        var wrong = await p.RunAsync("predict", "census:1", "--input", "bad.csv", "--output", "x.csv", "--on-violation", "ignore");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("'ignore' is not a policy; use refuse or report", wrong.All, StringComparison.Ordinal);
    }
}
