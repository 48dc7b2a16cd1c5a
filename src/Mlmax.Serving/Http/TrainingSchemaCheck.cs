using Mlmax.Scoring.Schema;
using Mlmax.Serving.Metrics;
using Mlmax.Serving.Payloads;

namespace Mlmax.Serving.Http;

/// <summary>
/// The training/serving skew guard on <c>/invocations</c>: checks a request's rows against the served model's training
/// schema (the bundle's <c>schema</c> role), as <c>mlmax predict</c> checks a file, so both refuse the same input.
/// </summary>
internal static class TrainingSchemaCheck
{
    /// <summary>The response header counting the training-schema violations of a scored request (0 when it had none).</summary>
    public const string ViolationsHeader = "X-Mlmax-Schema-Violations";

    /// <summary>The problem title of a refusal.</summary>
    public const string Title = "Input violates the model's training schema";

    private const int MaxExamples = 8;

    /// <summary>Checks rows that already fit the model's input schema, and counts the violations in the metrics.</summary>
    /// <param name="guard">The served model's guard bound to the request's columns (<see cref="Models.RequestLayout.Guard"/>); <see langword="null"/>: nothing is checked.</param>
    /// <param name="policy">Whether violations refuse the request or are only reported.</param>
    /// <param name="rows">The rows, one value per request column; <see langword="null"/> is missing.</param>
    /// <param name="metrics">The counters.</param>
    /// <returns>The check, or <see langword="null"/> when the model has no training schema.</returns>
    /// <exception cref="PayloadException">422 when the policy refuses the violations, naming each row, column and value.</exception>
    public static SchemaCheckResult? Run(SchemaBinding? guard, ViolationPolicy policy, IReadOnlyList<string?[]> rows, ServerMetrics metrics)
    {
        if (guard is null)
        {
            return null;
        }

        var result = guard.Check(rows);
        if (result.IsValid)
        {
            return result;
        }

        foreach (var group in result.Violations.GroupBy(v => (v.Column, v.Kind)))
        {
            metrics.GuardViolated(group.Key.Column, SchemaViolation.ProblemName(group.Key.Kind), group.Count());
        }

        return result.Refuses(policy) ? throw Refusal(guard.Schema, result.Violations) : result;
    }

    /// <summary>A sentence naming a violation's row, column and value (clipped), e.g. <c>row 0, column 'sex': 'X' is a category not seen in training</c>.</summary>
    /// <param name="violation">The violation.</param>
    /// <returns>The sentence.</returns>
    public static string Describe(SchemaViolation violation) => violation.Kind switch
    {
        ViolationKind.MissingColumn => $"column '{violation.Column}' is required by the training schema but missing",
        ViolationKind.NotANumber => $"row {violation.Row}, column '{violation.Column}': '{Clip(violation.Value)}' is not a number",
        _ => $"row {violation.Row}, column '{violation.Column}': '{Clip(violation.Value)}' is a category not seen in training",
    };

    private static PayloadException Refusal(InputSchema schema, IReadOnlyList<SchemaViolation> violations)
    {
        var errors = violations.Take(BatchValidator.MaxProblems)
            .Select(v => new FieldProblem(v.Column, v.Row, Problem(schema, v), v.Value is null ? null : Clip(v.Value)))
            .ToList();
        var detail = violations.Count == 1
            ? Describe(violations[0])
            : $"{violations.Count} violations of the training schema; the first: {Describe(violations[0])}";
        return new PayloadException(422, Title, detail, errors);
    }

    /// <summary>The problem of one error entry: its snake_case name, then what is wrong and what was seen in training.</summary>
    private static string Problem(InputSchema schema, SchemaViolation violation)
    {
        var name = violation.Problem;
        switch (violation.Kind)
        {
            case ViolationKind.MissingColumn:
                return $"{name}: the training schema requires this column";
            case ViolationKind.NotANumber:
                return $"{name}: '{Clip(violation.Value)}' is not a number (send null or an empty field for a missing value)";
            default:
                var seen = schema.Columns.FirstOrDefault(c => c.Name == violation.Column)?.Values ?? [];
                var examples = string.Join(", ", seen.Take(MaxExamples).Select(v => $"'{Clip(v)}'"));
                return $"{name}: '{Clip(violation.Value)}' is a category not seen in training " +
                       $"({seen.Count} seen: {examples}{(seen.Count > MaxExamples ? ", ..." : "")})";
        }
    }

    private static string Clip(string? text) => text is null ? "" : text.Length <= 40 ? text : text[..40] + "...";
}
