namespace Mlmax.Monitoring.Profiles;

/// <summary>What the scoring skew guard found in a batch, checked against the bundle's <c>schema.json</c>.</summary>
/// <param name="Violations">Violations in all (a missing required column counts once).</param>
/// <param name="RowsWithViolations">Rows with at least one violation.</param>
/// <param name="Problems">The violations per column and problem, in the order first seen.</param>
public sealed record SchemaSummary(long Violations, long RowsWithViolations, IReadOnlyList<SchemaProblem> Problems);
