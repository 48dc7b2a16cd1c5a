namespace Mlmax.Monitoring.Profiles;

/// <summary>The schema violations of one kind in one column of a batch.</summary>
/// <param name="Column">The schema column.</param>
/// <param name="Problem"><c>missing_column</c>, <c>not_a_number</c> or <c>unseen_category</c>.</param>
/// <param name="Count">How many values (or, for a missing column, 1).</param>
/// <param name="Example">The first offending value.</param>
public sealed record SchemaProblem(string Column, string Problem, long Count, string? Example);
