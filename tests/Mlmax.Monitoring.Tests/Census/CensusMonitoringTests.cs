using Mlmax.Monitoring.Baselines;
using Mlmax.Monitoring.Drift;
using Mlmax.Monitoring.Profiles;
using Mlmax.Monitoring.Tests.Synthetic;

namespace Mlmax.Monitoring.Tests.Census;

/// <summary>
/// The census template, trained for real: its bundle's baselines against the census sample itself (little drift) and
/// against a deliberately drifted copy (older people, a new class of worker, education blanked).
/// </summary>
public sealed class CensusMonitoringTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Project => _folder.PathOf("census");

    private string PathOf(string relative) => Path.Combine(Project, relative);

    [Fact]
    public async Task Analyze_CensusSampleAndDriftedCopy_FlagsOnlyTheDriftedCopysChangedFeatures()
    {
        Assert.Equal(0, (await CensusCli.RunAsync(_folder.Root, "init", Project, "--template", "census")).Code);
        var train = await CensusCli.RunJsonAsync(Project, "run", "training", "--json");
        var components = (await CensusCli.RunJsonAsync(Project, "models", "show", train.GetProperty("model_version").GetString()!, "--json"))
            .GetProperty("version").GetProperty("components");
        foreach (var role in new[] { "baseline", "schema", "prediction_baseline" })
        {
            Assert.Equal(0, (await CensusCli.RunAsync(Project, "export", components.GetProperty(role).GetString()!, $"bundle/{role}")).Code);
        }

        var run = train.GetProperty("run").GetString()!;
        Assert.Equal(0, (await CensusCli.RunAsync(Project, "export", $"{run}/preprocess.train", "split")).Code);
        var baseline = Baseline.Read(PathOf("bundle/baseline/baseline.json"), PathOf("bundle/schema/schema.json"));
        var predictionBaseline = Baseline.ReadPredictions(PathOf("bundle/prediction_baseline/prediction_baseline.json"));
        Assert.Empty(baseline.Notes);
        Assert.All(baseline.Numeric, n => Assert.Equal(n.Count, n.Bins!.Counts.Sum()));
        Assert.Equal(["probability", "score"], predictionBaseline.Numeric.Select(n => n.Name));
        Assert.Equal(["predicted_label"], predictionBaseline.Categorical.Select(n => n.Name));

        // The training split itself lands in exactly the baseline's bins: the writer and the profiler agree.
        var split = DriftAnalyzer.Analyze(baseline, await BatchProfiler.ProfileAsync(PathOf("split/train.csv"), baseline), DriftThresholds.Default);
        Assert.Empty(split.Drifted);
        Assert.All(split.Features, f => Assert.Equal(0, f.Measures.Psi ?? f.Measures.JsDistance!.Value, 12));
        Assert.Equal(0, split.Schema!.Violations);

        // The sample: the training split and the test split together. Little drift: no distribution beyond the stable
        // band; the only flags are categories of the test split that the 400 training rows never saw (about 1%).
        var sample = await AnalyzeAsync(baseline, predictionBaseline, "data/census-income-sample.csv", "scores.csv");
        Assert.All(sample.Features.Features.SelectMany(f => f.Crossed), c => Assert.Equal("unseen_share", c.Measure));
        Assert.All(sample.Features.Features.Where(f => f.Kind == FeatureKind.Numeric), f => Assert.InRange(f.Measures.Psi!.Value, 0, 0.1));
        Assert.All(sample.Features.Features, f => Assert.InRange(f.Quality.UnseenShare ?? 0, 0, 0.02));
        Assert.Equal(["instance weight", "income"], sample.Features.UnmonitoredColumns);
        Assert.DoesNotContain("score", sample.Predictions.Drifted);
        Assert.DoesNotContain("probability", sample.Predictions.Drifted);
        Assert.Equal(["row_id"], sample.Predictions.UnmonitoredColumns);

        // The drifted copy: every age +25 years, a third of class of worker a category never seen, 30% of education blanked.
        CensusData.WriteDriftedCopy(PathOf("data/census-income-sample.csv"), PathOf("drifted.csv"));
        var shifted = await AnalyzeAsync(baseline, predictionBaseline, "drifted.csv", "drifted-scores.csv");
        Assert.Equal(["age", "class of worker", "education"], shifted.Features.Drifted.Except(sample.Features.Drifted));
        Assert.Contains("psi", shifted.Features.Features.Single(f => f.Name == "age").Crossed.Select(c => c.Measure));
        Assert.Contains("unseen_share", shifted.Features.Features.Single(f => f.Name == "class of worker").Crossed.Select(c => c.Measure));
        Assert.Contains("missing_rate_increase", shifted.Features.Features.Single(f => f.Name == "education").Crossed.Select(c => c.Measure));
        Assert.Contains(shifted.Features.Schema!.Problems, p => p is { Column: "class of worker", Problem: "unseen_category", Example: "Interplanetary" });

        // Older people earn more: the model's scores move, and the prediction baseline (its test split) sees it.
        Assert.Contains("score", shifted.Predictions.Drifted);
        Assert.Contains("probability", shifted.Predictions.Drifted);
        Assert.Contains("psi", shifted.Predictions.Features.Single(f => f.Name == "score").Crossed.Select(c => c.Measure));
    }

    /// <summary>Scores a file with the trained version, then profiles the file and its predictions against the bundle's baselines.</summary>
    private async Task<(DriftReport Features, DriftReport Predictions)> AnalyzeAsync(Baseline baseline, Baseline predictionBaseline, string input, string output)
    {
        var (code, stdout, stderr) = await CensusCli.RunAsync(Project, "predict", "census:1", "--input", input, "--output", output, "--on-violation", "report", "--json");
        Assert.True(code == 0, $"predict {input}: exit {code}\n{stdout}\n{stderr}");
        var features = DriftAnalyzer.Analyze(baseline, await BatchProfiler.ProfileAsync(PathOf(input), baseline), DriftThresholds.Default);
        var predictions = DriftAnalyzer.Analyze(predictionBaseline, await BatchProfiler.ProfileAsync(PathOf(output), predictionBaseline), DriftThresholds.Default);
        return (features, predictions);
    }
}
