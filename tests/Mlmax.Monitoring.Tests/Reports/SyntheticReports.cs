using Mlmax.Monitoring.Baselines;
using Mlmax.Monitoring.Drift;
using Mlmax.Monitoring.Profiles;
using Mlmax.Monitoring.Reports;
using Mlmax.Monitoring.Tests.Synthetic;

namespace Mlmax.Monitoring.Tests.Reports;

/// <summary>Monitoring reports of seeded synthetic data: ages shifted (so <c>age</c> drifts), scores shifted, three earlier checks.</summary>
internal static class SyntheticReports
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A feature whose name is markup: rendered unencoded, it would load an image and fail.</summary>
    public const string MarkupName = "<img src=x onerror=\"console.error('unencoded')\">&amp;";

    public static MonitorReport Drifted(bool withMetrics = true)
    {
        var (training, trainingPredictions) = SyntheticData.Generate(3000, 21);
        var (batch, batchPredictions) = SyntheticData.Generate(1000, 22, new SyntheticDrift { AgeShift = 1, ScoreShift = 0.2 });
        var input = Analyze(BaselineFactory.Features(training), SyntheticData.Header, batch);
        var predictions = Analyze(BaselineFactory.Predictions(trainingPredictions), SyntheticData.PredictionHeader, batchPredictions);
        var markup = input.Features[0] with { Name = MarkupName };
        input = input with { Features = [.. input.Features, markup] };
        var history = Enumerable.Range(0, 4).Select(i => new MonitorHistoryPoint(
            $"chk-{i}",
            T0.AddDays(i),
            $"run r{i}/score",
            i == 3,
            new Dictionary<string, double> { ["age"] = 0.02 + (i * i * 0.1), ["income"] = 0.01 + (i * 0.005), [MarkupName] = 0.05 },
            withMetrics && i > 0 ? new Dictionary<string, double> { ["accuracy"] = 0.86 - (i * 0.03), ["auc"] = 0.9 - (i * 0.02) } : new Dictionary<string, double>()))
            .ToList();
        return new MonitorReport
        {
            Model = "synthetic:2",
            Source = "run r3/score (inference)",
            CheckedAt = T0.AddDays(3),
            CheckId = "chk-3",
            Input = input,
            Predictions = predictions,
            History = history,
            PsiThreshold = 0.2,
        };
    }

    private static DriftReport Analyze(Baseline baseline, IReadOnlyList<string> header, IEnumerable<string?[]> rows)
    {
        var builder = new BatchProfileBuilder(baseline, header, "batch.csv");
        foreach (var row in rows)
        {
            builder.Add(row);
        }

        return DriftAnalyzer.Analyze(baseline, builder.Build(), DriftThresholds.Default);
    }
}
