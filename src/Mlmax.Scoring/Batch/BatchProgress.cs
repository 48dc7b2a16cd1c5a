namespace Mlmax.Scoring.Batch;

/// <summary>How far batch scoring has come.</summary>
/// <param name="Rows">Rows scored and written.</param>
/// <param name="Fraction">Share of the input read, from 0 to 1.</param>
public readonly record struct BatchProgress(long Rows, double Fraction);
