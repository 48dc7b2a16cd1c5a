using Mlmax.Monitoring.Labels;

namespace Mlmax.Monitoring.Tests.Labels;

/// <summary>Labels joined to predictions by id, measured against hand-computed metrics.</summary>
public sealed class LabelEvaluatorTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static ScoredPrediction P(string id, float score, DateTimeOffset at, string source = "requests") =>
        new(id, at, score > 0, score, 1f / (1f + MathF.Exp(-score)), source);

    private static LabelSet Labels(params (string Id, bool Label)[] labels) =>
        new("labels.csv", labels.ToDictionary(l => l.Id, l => l.Label), labels.Length, 0);

    [Fact]
    public void Evaluate_KnownRows_MatchesHandComputedMetrics()
    {
        // Scores ranked: a(2, +) b(1, -) c(0.5, +) d(-1, -) e(-2, +). AUC = pairs (pos > neg) / (3·2) = (2 + 1 + 0) / 6.
        var labels = Labels(("a", true), ("b", false), ("c", true), ("d", false), ("e", true), ("x", true));
        var predictions = new[] { P("a", 2, Monday), P("b", 1, Monday), P("c", 0.5f, Monday), P("d", -1, Monday), P("e", -2, Monday), P("other", 3, Monday) };

        var evaluation = LabelEvaluator.Evaluate(labels, predictions, TimeBucket.Day);

        Assert.Equal((6L, 5L, 1L, 0L), (evaluation.Labels, evaluation.Matched, evaluation.Unmatched, evaluation.Duplicates));
        var m = evaluation.Overall!;
        Assert.Equal((2L, 1L, 1L, 1L), (m.Tp, m.Fp, m.Tn, m.Fn));
        Assert.Equal(3.0 / 6, m.Auc!.Value, 9);
        Assert.Equal(3.0 / 5, m.Accuracy, 9);
        Assert.Equal(2.0 / 3, m.Precision, 9);
        Assert.Equal(2.0 / 3, m.Recall, 9);
        Assert.Equal(2.0 / 3, m.F1, 9);
        Assert.Equal(["accuracy", "auc", "f1", "fn", "fp", "log_loss", "precision", "recall", "tn", "tp"], m.ToDictionary().Keys);
    }

    [Fact]
    public void Evaluate_IdPredictedTwice_TheLatestPredictionCounts()
    {
        var labels = Labels(("a", true), ("b", false));
        var predictions = new[] { P("a", -1, Monday, "run-1"), P("a", 1, Monday.AddDays(1)), P("b", -1, Monday) };

        var evaluation = LabelEvaluator.Evaluate(labels, predictions, TimeBucket.Day);

        Assert.Equal((1L, 0L, 1L, 0L), (evaluation.Overall!.Tp, evaluation.Overall.Fp, evaluation.Overall.Tn, evaluation.Overall.Fn));
        Assert.Equal(new Dictionary<string, long> { ["requests"] = 2 }, evaluation.Sources);
    }

    [Theory]
    [InlineData(TimeBucket.Day, 3)]
    [InlineData(TimeBucket.Week, 2)]
    [InlineData(TimeBucket.Month, 2)]
    public void Evaluate_PredictionsOverTime_GroupedByBucket(TimeBucket bucket, int buckets)
    {
        // Monday 23 Nov, Tuesday 24 Nov, Tuesday 1 Dec: three days, two ISO weeks, two months.
        var labels = Labels(("a", true), ("b", false), ("c", true), ("d", false), ("e", true), ("f", false));
        var predictions = new[]
        {
            P("a", 1, Monday), P("b", -1, Monday), P("c", 1, Monday.AddDays(1)), P("d", 1, Monday.AddDays(1)), P("e", -1, Monday.AddDays(8)), P("f", -1, Monday.AddDays(8)),
        };

        var evaluation = LabelEvaluator.Evaluate(labels, predictions, bucket);

        Assert.Equal(buckets, evaluation.Buckets.Count);
        Assert.Equal(6, evaluation.Buckets.Sum(b => b.Metrics.Rows));
        Assert.Equal(evaluation.Buckets.OrderBy(b => b.Start).Select(b => b.Start), evaluation.Buckets.Select(b => b.Start));
        Assert.Equal(LabelEvaluator.Start(Monday, bucket), evaluation.Buckets[0].Start);
    }

    [Fact]
    public void Start_Week_IsTheMondayOfTheIsoWeek() =>
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), LabelEvaluator.Start(new DateTimeOffset(2026, 11, 29, 23, 0, 0, TimeSpan.Zero), TimeBucket.Week));

    [Fact]
    public void Evaluate_OneClassOnly_LeavesAucUndefined()
    {
        var evaluation = LabelEvaluator.Evaluate(Labels(("a", true), ("b", true)), [P("a", 1, Monday), P("b", -1, Monday)], TimeBucket.Day);

        Assert.Null(evaluation.Overall!.Auc);
        Assert.Equal(0.5, evaluation.Overall.Accuracy, 9);
        Assert.DoesNotContain("auc", evaluation.Overall.ToDictionary().Keys);
    }

    [Fact]
    public void Evaluate_NothingMatches_NoMetrics()
    {
        var evaluation = LabelEvaluator.Evaluate(Labels(("a", true)), [P("z", 1, Monday)], TimeBucket.Day);

        Assert.Null(evaluation.Overall);
        Assert.Equal((0L, 1L), (evaluation.Matched, evaluation.Unmatched));
        Assert.Empty(evaluation.Buckets);
    }
}
