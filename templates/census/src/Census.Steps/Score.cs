using System.Globalization;
using Census.Steps.Data;
using Microsoft.ML;
using Mlmax.Steps;

namespace Census.Steps;

/// <summary>Scores raw census rows with the fitted transform and the trained model (batch inference).</summary>
/// <remarks>
/// Inputs: <c>data</c> (a raw census CSV; the label column is optional and other columns are ignored),
/// <c>transform</c> and <c>model</c>. The rows go through the same cleaning code and the same fitted transform as in
/// training. Output <c>predictions</c>: <c>predictions.csv</c> with columns id (<c>row_id</c>, or the id column's
/// name), <c>predicted_label</c> (<c>true</c> for 50000+), <c>probability</c> and <c>score</c>, in input order.
/// </remarks>
public sealed class Score : Step<ScoreParameters>
{
    /// <inheritdoc/>
    protected override Task ExecuteAsync(StepContext context, ScoreParameters parameters, CancellationToken cancellationToken)
    {
        var ml = new MLContext(0);
        var transform = ModelFile.Load(ml, context.InputFile("transform"));
        var model = ModelFile.Load(ml, context.InputFile("model"));
        var dataPath = context.InputFile("data");
        var idColumn = string.IsNullOrEmpty(parameters.IdColumn) ? null : parameters.IdColumn;
        var data = ml.Data.LoadFromEnumerable(CensusCsv.ReadRecords(dataPath, idColumn));
        var scored = model.Transform(transform.Transform(data));

        var c = CultureInfo.InvariantCulture;
        long rows = 0, positive = 0;
        using (var output = new StreamWriter(Path.Combine(context.Output("predictions"), "predictions.csv"), false, new System.Text.UTF8Encoding(false), CensusCsv.BufferSize) { NewLine = "\n" })
        {
            output.WriteLine($"{CensusCsv.Escape(idColumn ?? "row_id")},predicted_label,probability,score");
            foreach (var p in ml.Data.CreateEnumerable<Prediction>(scored, reuseRowObject: true))
            {
                if ((rows++ & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                positive += p.PredictedLabel ? 1 : 0;
                output.WriteLine(string.Create(c, $"{CensusCsv.Escape(p.Id)},{(p.PredictedLabel ? "true" : "false")},{p.Probability},{p.Score}"));
            }
        }

        context.Log.WriteLine($"scored {rows} rows from {Path.GetFileName(dataPath)}: {positive} predicted at 50000+");
        context.LogMetric("rows_scored", rows);
        context.LogMetric("rows_predicted_positive", positive);
        return Task.CompletedTask;
    }
}
