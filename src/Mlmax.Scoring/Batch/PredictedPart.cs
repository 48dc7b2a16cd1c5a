namespace Mlmax.Scoring.Batch;

/// <summary>What <see cref="PredictStep"/> wrote for one part of the input, for <see cref="BatchPartitions.MergeAsync"/>.</summary>
/// <param name="PredictionsDirectory">The part's <c>predictions</c> output: <c>predictions.csv</c> or <c>predictions.parquet</c>, and <c>violations.csv</c> when there is one.</param>
/// <param name="MetricsFile">The metrics file the part's step wrote (its contract's <c>metrics_file</c>).</param>
/// <param name="FirstRow">The index of the part's first row in the whole input, from 0 (<see cref="BatchPart.FirstRow"/>).</param>
public sealed record PredictedPart(string PredictionsDirectory, string MetricsFile, long FirstRow);
