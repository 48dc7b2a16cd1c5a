namespace Mlmax.Scoring.Schema;

/// <summary>The violations of one kind in one column.</summary>
/// <param name="Column">The schema column.</param>
/// <param name="Kind">The problem.</param>
/// <param name="Count">How many values (or, for a missing column, 1).</param>
/// <param name="Example">The first offending value.</param>
public sealed record ViolationGroup(string Column, ViolationKind Kind, long Count, string? Example);
