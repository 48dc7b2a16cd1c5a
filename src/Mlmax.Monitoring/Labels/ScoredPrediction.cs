namespace Mlmax.Monitoring.Labels;

/// <summary>One prediction a binary classifier made, as logged by serving or written by a batch inference run.</summary>
/// <param name="Id">The row's id (its id column, or the id the request log gave it).</param>
/// <param name="At">When it was made.</param>
/// <param name="PredictedLabel">The predicted class.</param>
/// <param name="Score">The raw score.</param>
/// <param name="Probability">The calibrated probability of the positive class.</param>
/// <param name="Source">Where it came from (<c>requests</c>, or a run id), for reports.</param>
public sealed record ScoredPrediction(string Id, DateTimeOffset At, bool PredictedLabel, float Score, float Probability, string Source);
