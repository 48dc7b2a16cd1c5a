using Mlmax.Scoring.Schema;

namespace Mlmax.Scoring.Batch;

/// <summary>How to run batch scoring.</summary>
/// <param name="IdColumn">An input column copied to the output as each row's id; <see langword="null"/> numbers rows from 0 as <c>row_id</c>.</param>
/// <param name="Check">The skew guard's check, or <see langword="null"/> to check nothing beyond the model's columns.</param>
/// <param name="Progress">Receives progress now and then (on the reading thread).</param>
public sealed record BatchOptions(string? IdColumn = null, StreamingSchemaCheck? Check = null, Action<BatchProgress>? Progress = null);
