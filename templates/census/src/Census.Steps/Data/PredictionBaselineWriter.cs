using System.Globalization;

namespace Census.Steps.Data;

/// <summary>
/// Profiles the model's predictions on the test split and writes the bundle's <c>prediction_baseline.json</c>: the
/// same format as <c>baseline.json</c> over the columns of mlmax's predictions file (<c>score</c> and
/// <c>probability</c> numeric, <c>predicted_label</c> categorical), so drift checks compare a scored batch's predictions
/// with what the model predicted on data it was not trained on (docs/bundle-format.md).
/// </summary>
internal sealed class PredictionBaselineWriter
{
    private readonly ColumnProfile _label = new(new CensusColumn("predicted_label", nameof(Prediction.PredictedLabel), ColumnKind.Categorical));
    private readonly ColumnProfile _score = new(new CensusColumn("score", nameof(Prediction.Score), ColumnKind.Numeric));
    private readonly ColumnProfile _probability = new(new CensusColumn("probability", nameof(Prediction.Probability), ColumnKind.Numeric));

    /// <summary>Predictions profiled.</summary>
    public long Rows { get; private set; }

    /// <summary>Profiles one prediction, its values written as mlmax's predictions file writes them.</summary>
    /// <param name="prediction">The scored test row.</param>
    public void Add(Prediction prediction)
    {
        Rows++;
        _label.Add(prediction.PredictedLabel ? "true" : "false");
        _score.Add(prediction.Score.ToString("R", CultureInfo.InvariantCulture));
        _probability.Add(prediction.Probability.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>Writes <c>prediction_baseline.json</c>.</summary>
    /// <param name="path">The file.</param>
    public void Write(string path) => CanonicalJson.WriteFile(path, new SortedDictionary<string, object?>(StringComparer.Ordinal)
    {
        ["format_version"] = 1,
        ["rows"] = Rows,
        ["numeric"] = new[] { _score, _probability }.ToDictionary(p => p.Column.Header, p => (object?)p.BaselineEntry()),
        ["categorical"] = new[] { _label }.ToDictionary(p => p.Column.Header, p => (object?)p.BaselineEntry()),
    });
}
