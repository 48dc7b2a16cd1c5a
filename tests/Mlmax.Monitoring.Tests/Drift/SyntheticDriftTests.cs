using Mlmax.Monitoring.Drift;
using Mlmax.Monitoring.Profiles;
using Mlmax.Monitoring.Tests.Synthetic;

namespace Mlmax.Monitoring.Tests.Drift;

/// <summary>Seeded synthetic data with known drift, and without: the measures flag exactly the drifted features.</summary>
public sealed class SyntheticDriftTests : IDisposable
{
    private const int TrainingRows = 5000;
    private const int BatchRows = 2000;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<(DriftReport Features, DriftReport Predictions)> AnalyzeAsync(int seed, SyntheticDrift drift)
    {
        var (trainRows, trainPredictions) = SyntheticData.Generate(TrainingRows, seed);
        var (batchRows, batchPredictions) = SyntheticData.Generate(BatchRows, seed + 10_000, drift);
        var baseline = BaselineFactory.Features(trainRows);
        var predictionBaseline = BaselineFactory.Predictions(trainPredictions);
        var batch = SyntheticData.WriteCsv(_folder.PathOf($"batch-{seed}.csv"), SyntheticData.Header, batchRows);
        var predictions = SyntheticData.WriteCsv(_folder.PathOf($"predictions-{seed}.csv"), SyntheticData.PredictionHeader, batchPredictions);
        var features = DriftAnalyzer.Analyze(baseline, await BatchProfiler.ProfileAsync(batch, baseline), DriftThresholds.Default);
        var scores = DriftAnalyzer.Analyze(predictionBaseline, await BatchProfiler.ProfileAsync(predictions, predictionBaseline), DriftThresholds.Default);
        return (features, scores);
    }

    private static string[] Crossed(DriftReport report, string feature) =>
        [.. report.Features.Single(f => f.Name == feature).Crossed.Select(c => c.Measure)];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Analyze_BatchFromTheBaselinesDistribution_FlagsNothing(int seed)
    {
        var (features, predictions) = await AnalyzeAsync(seed, new SyntheticDrift());
        Assert.Empty(features.Drifted);
        Assert.Empty(predictions.Drifted);
        Assert.All(features.Features, f => Assert.Equal(FeatureStatus.Compared, f.Status));
        Assert.All(features.Features.Where(f => f.Kind == FeatureKind.Numeric), f => Assert.InRange(f.Measures.Psi!.Value, 0, 0.05));
        Assert.All(features.Features.Where(f => f.Kind == FeatureKind.Categorical), f => Assert.InRange(f.Measures.JsDistance!.Value, 0, 0.05));
        Assert.Equal(["id"], features.UnmonitoredColumns);
        Assert.Equal(0, features.Schema!.Violations);
    }

    [Fact]
    public void Analyze_ManyBatchesWithoutDrift_FalsePositivesWithinTheTestsLevel()
    {
        // 40 seeds × 3 numeric features: KS at p < 0.01 may flag about 1 in 100 by chance (fewer on bins, which
        // err towards "no drift"); the effect-size measures (PSI, JS) and quality shares never should.
        var ksFlags = 0;
        var otherFlags = new List<string>();
        for (var seed = 100; seed < 140; seed++)
        {
            var (trainRows, _) = SyntheticData.Generate(TrainingRows, seed);
            var (batchRows, _) = SyntheticData.Generate(BatchRows, seed + 10_000);
            var baseline = BaselineFactory.Features(trainRows);
            var builder = new BatchProfileBuilder(baseline, SyntheticData.Header, "batch");
            batchRows.ForEach(builder.Add);
            var report = DriftAnalyzer.Analyze(baseline, builder.Build(), DriftThresholds.Default);
            foreach (var crossing in report.Features.SelectMany(f => f.Crossed.Select(c => (f.Name, c.Measure))))
            {
                if (crossing.Measure == "ks_p_value")
                {
                    ksFlags++;
                }
                else
                {
                    otherFlags.Add($"seed {seed}: {crossing.Name} {crossing.Measure}");
                }
            }
        }

        Assert.Empty(otherFlags);
        Assert.InRange(ksFlags, 0, 3);
    }

    [Fact]
    public async Task Analyze_ShiftedMeanOfOneNumericFeature_FlagsExactlyThatFeatureByPsiAndKs()
    {
        var (features, predictions) = await AnalyzeAsync(7, new SyntheticDrift { AgeShift = 1 });
        Assert.Equal(["age"], features.Drifted);
        Assert.Contains("psi", Crossed(features, "age"));
        Assert.Contains("ks_p_value", Crossed(features, "age"));
        var age = features.Features.Single(f => f.Name == "age");
        Assert.InRange(age.Measures.Psi!.Value, 0.5, 2);
        Assert.InRange(age.Measures.KolmogorovSmirnov!.Statistic, 0.3, 0.45); // 2Φ(½) − 1 ≈ 0.38 for a shift of one σ
        Assert.True(age.Measures.KolmogorovSmirnov.PValue < 1e-10);
        Assert.True(age.Quality.OutOfRange > 0);

        // The score depends on age, so the model's output drifts too.
        Assert.Contains("score", predictions.Drifted);
    }

    [Fact]
    public async Task Analyze_NewCategoryInOneCategoricalFeature_FlagsExactlyThatFeature()
    {
        var (features, predictions) = await AnalyzeAsync(8, new SyntheticDrift { NewColorShare = 0.1 });
        Assert.Equal(["color"], features.Drifted);
        Assert.Equal(["js_distance", "unseen_share"], Crossed(features, "color"));
        var color = features.Features.Single(f => f.Name == "color");
        Assert.InRange(color.Quality.UnseenShare!.Value, 0.08, 0.12);
        Assert.Equal("purple", Assert.Single(color.Quality.UnseenExamples!).Value);
        Assert.True(color.Measures.ChiSquare!.PValue < 1e-10);
        Assert.Equal(color.Quality.Unseen, features.Schema!.Problems.Single(p => p.Problem == "unseen_category").Count);
        Assert.Empty(predictions.Drifted);
    }

    [Fact]
    public async Task Analyze_InjectedMissingValuesInOneFeature_FlagsExactlyThatFeatureByItsMissingRate()
    {
        var (features, _) = await AnalyzeAsync(9, new SyntheticDrift { IncomeMissingShare = 0.2 });
        Assert.Equal(["income"], features.Drifted);
        Assert.Equal(["missing_rate_increase"], Crossed(features, "income"));
        var income = features.Features.Single(f => f.Name == "income");
        Assert.InRange(income.Quality.MissingRateChange!.Value, 0.15, 0.25);
        Assert.InRange(income.Quality.BaselineMissingRate!.Value, 0.01, 0.03);
    }

    [Fact]
    public async Task Analyze_ShiftedScores_FlagsThePredictionDistribution()
    {
        var (features, predictions) = await AnalyzeAsync(10, new SyntheticDrift { ScoreShift = 1 });
        Assert.Empty(features.Drifted);
        Assert.Equal(["predicted_label", "probability", "score"], predictions.Drifted);
        Assert.Contains("psi", Crossed(predictions, "score"));
        Assert.Contains("ks_p_value", Crossed(predictions, "score"));
        Assert.Contains("js_distance", Crossed(predictions, "predicted_label"));
        Assert.Equal(["row_id"], predictions.UnmonitoredColumns);
    }
}
