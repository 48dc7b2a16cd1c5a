namespace Mlmax.Monitoring.Labels;

/// <summary>
/// A binary classifier's quality on labeled rows, named and computed as the census template's evaluate step does
/// (ML.NET's binary classification evaluator; the positive class is <see langword="true"/>).
/// </summary>
/// <param name="Rows">The rows evaluated.</param>
/// <param name="Auc">Area under the ROC curve; <see langword="null"/> unless both classes are present.</param>
/// <param name="Accuracy">Share of rows predicted right.</param>
/// <param name="Precision">Positive precision.</param>
/// <param name="Recall">Positive recall.</param>
/// <param name="F1">F1 score.</param>
/// <param name="LogLoss">Log-loss of the probabilities.</param>
/// <param name="Tp">True positives.</param>
/// <param name="Fp">False positives.</param>
/// <param name="Tn">True negatives.</param>
/// <param name="Fn">False negatives.</param>
public sealed record BinaryMetrics(long Rows, double? Auc, double Accuracy, double Precision, double Recall, double F1, double LogLoss, long Tp, long Fp, long Tn, long Fn)
{
    /// <summary>The metrics by the names the evaluate step records (<c>auc</c>, <c>accuracy</c>, <c>precision</c>, <c>recall</c>, <c>f1</c>, <c>log_loss</c>, <c>tp</c>, <c>fp</c>, <c>tn</c>, <c>fn</c>), sorted.</summary>
    /// <returns>The metrics; <c>auc</c> is left out when it is undefined.</returns>
    public SortedDictionary<string, double> ToDictionary()
    {
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["accuracy"] = Accuracy,
            ["precision"] = Precision,
            ["recall"] = Recall,
            ["f1"] = F1,
            ["log_loss"] = LogLoss,
            ["tp"] = Tp,
            ["fp"] = Fp,
            ["tn"] = Tn,
            ["fn"] = Fn,
        };
        if (Auc is { } auc)
        {
            metrics["auc"] = auc;
        }

        return metrics;
    }
}
