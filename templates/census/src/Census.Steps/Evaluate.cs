using System.Globalization;
using System.Text;
using System.Text.Json;
using Census.Steps.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using Mlmax.Steps;

namespace Census.Steps;

/// <summary>Scores the test split and reports the classifier's quality.</summary>
/// <remarks>
/// Inputs: <c>test</c> (the cleaned test CSV), <c>transform</c> and <c>model</c>. Output <c>report</c>:
/// <c>metrics.json</c> (the metrics below, keys sorted) and <c>report.md</c> (the same, with the confusion matrix);
/// output <c>prediction_baseline</c>: <c>prediction_baseline.json</c>, the distribution of the predictions on the test
/// split, for drift checks of the model's output.
/// Metrics: <c>auc</c>, <c>accuracy</c>, <c>precision</c>, <c>recall</c>, <c>f1</c>, <c>log_loss</c> and the
/// confusion counts <c>tp</c>, <c>fp</c>, <c>tn</c>, <c>fn</c> (positive: 50000+).
/// </remarks>
public sealed class Evaluate : Step<EvaluateParameters>
{
    /// <inheritdoc/>
    protected override Task ExecuteAsync(StepContext context, EvaluateParameters parameters, CancellationToken cancellationToken)
    {
        var ml = new MLContext(0);
        var transform = ModelFile.Load(ml, context.InputFile("transform"));
        var model = ModelFile.Load(ml, context.InputFile("model"));
        var test = ml.Data.LoadFromEnumerable(CensusCsv.ReadRecords(context.InputFile("test")));
        var scored = ml.Data.Cache(model.Transform(transform.Transform(test)));

        long tp = 0, fp = 0, tn = 0, fn = 0;
        var predictions = new PredictionBaselineWriter();
        foreach (var p in ml.Data.CreateEnumerable<Prediction>(scored, reuseRowObject: true))
        {
            predictions.Add(p);
            if (p.PredictedLabel)
            {
                _ = p.Label ? tp++ : fp++;
            }
            else
            {
                _ = p.Label ? fn++ : tn++;
            }
        }

        if (tp + fn == 0 || fp + tn == 0)
        {
            throw new InvalidDataException($"the test split has {tp + fn} rows at 50000+ and {fp + tn} below; AUC needs both");
        }

        var m = ml.BinaryClassification.Evaluate(scored);
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["auc"] = m.AreaUnderRocCurve,
            ["accuracy"] = m.Accuracy,
            ["precision"] = m.PositivePrecision,
            ["recall"] = m.PositiveRecall,
            ["f1"] = m.F1Score,
            ["log_loss"] = m.LogLoss,
            ["tp"] = tp,
            ["fp"] = fp,
            ["tn"] = tn,
            ["fn"] = fn,
        };
        foreach (var (name, value) in metrics)
        {
            context.LogMetric(name, value);
        }

        var report = context.Output("report");
        File.WriteAllText(Path.Combine(report, "metrics.json"), JsonSerializer.Serialize(metrics, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.WriteAllText(Path.Combine(report, "report.md"), Markdown(metrics, m));
        predictions.Write(Path.Combine(context.Output("prediction_baseline"), "prediction_baseline.json"));
        context.Log.WriteLine($"evaluated {tp + fp + tn + fn} test rows");
        return Task.CompletedTask;
    }

    private static string Markdown(SortedDictionary<string, double> metrics, CalibratedBinaryClassificationMetrics m)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append("# Census income model: test report\n\n")
            .Append("Positive class: income 50000+.\n\n")
            .Append("| metric | value |\n| --- | --- |\n");
        foreach (var name in new[] { "auc", "accuracy", "precision", "recall", "f1", "log_loss" })
        {
            text.Append(c, $"| {name} | {metrics[name]:F4} |\n");
        }

        text.Append("\n## Confusion matrix\n\n")
            .Append("| | predicted 50000+ | predicted below |\n| --- | --- | --- |\n")
            .Append(c, $"| actual 50000+ | {metrics["tp"]} (tp) | {metrics["fn"]} (fn) |\n")
            .Append(c, $"| actual below | {metrics["fp"]} (fp) | {metrics["tn"]} (tn) |\n")
            .Append(c, $"\n{metrics["tp"] + metrics["fn"] + metrics["fp"] + metrics["tn"]} test rows; ")
            .Append(c, $"negative precision {m.NegativePrecision:F4}, negative recall {m.NegativeRecall:F4}.\n");
        return text.ToString();
    }
}
