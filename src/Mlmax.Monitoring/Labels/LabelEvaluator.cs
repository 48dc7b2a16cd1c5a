using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlmax.Monitoring.Labels;

/// <summary>
/// Joins labels to predictions by id and measures the model on the matched rows, overall and per time bucket, with
/// ML.NET's binary classification evaluator, as the evaluate step measured it on its test split. When an id was
/// predicted more than once, its latest prediction counts.
/// </summary>
public static class LabelEvaluator
{
    /// <summary>Joins and evaluates.</summary>
    /// <param name="labels">The true labels.</param>
    /// <param name="predictions">The predictions, in any order.</param>
    /// <param name="bucket">How matched rows are grouped over time.</param>
    /// <returns>The evaluation.</returns>
    public static LabelEvaluation Evaluate(LabelSet labels, IEnumerable<ScoredPrediction> predictions, TimeBucket bucket)
    {
        var latest = new Dictionary<string, ScoredPrediction>(StringComparer.Ordinal);
        foreach (var p in predictions)
        {
            if (labels.Labels.ContainsKey(p.Id) && (!latest.TryGetValue(p.Id, out var seen) || p.At > seen.At))
            {
                latest[p.Id] = p;
            }
        }

        var matched = latest.Values.OrderBy(p => p.At).ThenBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => (Label: labels.Labels[p.Id], Prediction: p)).ToList();
        var buckets = matched.GroupBy(m => Start(m.Prediction.At, bucket)).OrderBy(g => g.Key)
            .Select(g => new BucketMetrics(g.Key, Measure(g.ToList()))).ToList();
        var sources = matched.GroupBy(m => m.Prediction.Source, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        return new LabelEvaluation(
            labels.Rows, matched.Count, labels.Labels.Count - matched.Count, labels.Duplicates,
            matched.Count > 0 ? Measure(matched) : null, buckets, sources);
    }

    /// <summary>The metrics of labeled predictions.</summary>
    /// <param name="rows">The rows.</param>
    /// <returns>The metrics.</returns>
    public static BinaryMetrics Measure(IReadOnlyList<(bool Label, ScoredPrediction Prediction)> rows)
    {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        foreach (var (label, p) in rows)
        {
            if (p.PredictedLabel)
            {
                _ = label ? tp++ : fp++;
            }
            else
            {
                _ = label ? fn++ : tn++;
            }
        }

        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(rows.Select(r => new Row
        {
            Label = r.Label,
            Score = r.Prediction.Score,
            Probability = r.Prediction.Probability,
            PredictedLabel = r.Prediction.PredictedLabel,
        }));
        var bothClasses = tp + fn > 0 && fp + tn > 0;
        if (bothClasses)
        {
            var m = ml.BinaryClassification.Evaluate(data);
            return new BinaryMetrics(rows.Count, m.AreaUnderRocCurve, m.Accuracy, m.PositivePrecision, m.PositiveRecall, m.F1Score, m.LogLoss, tp, fp, tn, fn);
        }

        // ML.NET refuses AUC on one class; the rest is still defined (as the evaluator defines it on both).
        var n = (double)rows.Count;
        var precision = tp + fp == 0 ? 0 : tp / (double)(tp + fp);
        var recall = tp + fn == 0 ? 0 : tp / (double)(tp + fn);
        var logLoss = rows.Average(r => -Math.Log(Math.Clamp(r.Label ? r.Prediction.Probability : 1 - r.Prediction.Probability, 1e-15, 1)) / Math.Log(2));
        return new BinaryMetrics(rows.Count, null, (tp + tn) / n, precision, recall, precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall), logLoss, tp, fp, tn, fn);
    }

    /// <summary>The first instant of the bucket holding <paramref name="at"/> (UTC).</summary>
    /// <param name="at">The time.</param>
    /// <param name="bucket">The bucket size.</param>
    /// <returns>The bucket's start.</returns>
    public static DateTimeOffset Start(DateTimeOffset at, TimeBucket bucket)
    {
        var day = new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero);
        return bucket switch
        {
            TimeBucket.Day => day,
            TimeBucket.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
            _ => new DateTimeOffset(day.Year, day.Month, 1, 0, 0, 0, TimeSpan.Zero),
        };
    }

    private sealed class Row
    {
        public bool Label { get; set; }

        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }
}
