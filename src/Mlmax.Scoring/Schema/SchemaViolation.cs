namespace Mlmax.Scoring.Schema;

/// <summary>One value (or one missing column) of scoring input that does not fit the training schema.</summary>
/// <param name="Row">The row: a CSV file's 1-based data row, or a request row's 0-based index; <see langword="null"/> for a missing column.</param>
/// <param name="Column">The schema column.</param>
/// <param name="Kind">The problem.</param>
/// <param name="Value">The offending value, trimmed; <see langword="null"/> for a missing column.</param>
public sealed record SchemaViolation(long? Row, string Column, ViolationKind Kind, string? Value)
{
    /// <summary>The problem's name in reports and files: <c>missing_column</c>, <c>not_a_number</c>, <c>unseen_category</c>.</summary>
    public string Problem => ProblemName(Kind);

    /// <summary>The name of a problem in reports and files.</summary>
    /// <param name="kind">The problem.</param>
    /// <returns>Its snake_case name.</returns>
    public static string ProblemName(ViolationKind kind) => kind switch
    {
        ViolationKind.MissingColumn => "missing_column",
        ViolationKind.NotANumber => "not_a_number",
        _ => "unseen_category",
    };

    /// <summary>A sentence naming the row, column and value, e.g. <c>row 3, column 'age': 'abc' is not a number</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Kind switch
    {
        ViolationKind.MissingColumn => $"column '{Column}' is required but missing",
        ViolationKind.NotANumber => $"row {Row}, column '{Column}': '{Value}' is not a number",
        _ => $"row {Row}, column '{Column}': '{Value}' is a category not seen in training",
    };
}
