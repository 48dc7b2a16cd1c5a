namespace Census.Steps.Data;

/// <summary>The columns of a scored row that the census steps read back.</summary>
internal sealed class Prediction
{
    /// <summary>The row's identifier.</summary>
    public string Id { get; set; } = "";

    /// <summary>The true label (false when the data had none).</summary>
    public bool Label { get; set; }

    /// <summary>The predicted label: true for 50000+.</summary>
    public bool PredictedLabel { get; set; }

    /// <summary>The calibrated probability of 50000+.</summary>
    public float Probability { get; set; }

    /// <summary>The raw score (the predicted label is <c>Score &gt; 0</c>).</summary>
    public float Score { get; set; }
}
