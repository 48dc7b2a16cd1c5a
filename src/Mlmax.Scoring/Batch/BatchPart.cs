namespace Mlmax.Scoring.Batch;

/// <summary>One part of a predict step's data input, written by <see cref="BatchPartitions.SplitAsync"/>.</summary>
/// <param name="Path">The part's file: a table <see cref="PredictStep"/> reads as its <c>data</c> input.</param>
/// <param name="FirstRow">The index of the part's first row in the whole input, from 0.</param>
/// <param name="Rows">The part's rows.</param>
public sealed record BatchPart(string Path, long FirstRow, long Rows);
