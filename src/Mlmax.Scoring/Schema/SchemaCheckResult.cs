namespace Mlmax.Scoring.Schema;

/// <summary>The outcome of checking a request against the training schema.</summary>
/// <param name="Violations">Every violation: missing required columns first (no row), then by row.</param>
/// <param name="IgnoredColumns">The request's columns the schema does not know.</param>
public sealed record SchemaCheckResult(IReadOnlyList<SchemaViolation> Violations, IReadOnlyList<string> IgnoredColumns)
{
    /// <summary>Whether the input fits the schema.</summary>
    public bool IsValid => Violations.Count == 0;

    /// <summary>
    /// Whether the input must not be scored under <paramref name="policy"/>: any violation under
    /// <see cref="ViolationPolicy.Refuse"/>; a missing required column under either policy.
    /// </summary>
    /// <param name="policy">The policy.</param>
    /// <returns>True to refuse.</returns>
    public bool Refuses(ViolationPolicy policy) =>
        policy == ViolationPolicy.Refuse ? Violations.Count > 0 : Violations.Any(v => v.Kind == ViolationKind.MissingColumn);
}
