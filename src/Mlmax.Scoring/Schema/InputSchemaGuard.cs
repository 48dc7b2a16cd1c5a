namespace Mlmax.Scoring.Schema;

/// <summary>
/// The training/serving skew guard: checks scoring input against a bundle's <c>schema.json</c> before the model sees
/// it. A required column must be present; a number column's values must be numbers and a category column's values
/// categories seen in training (missing tokens are always allowed: the transform imputes them). Columns the schema
/// does not know are ignored. Thread-safe: the guard is immutable.
/// </summary>
/// <example>
/// Online, for one request:
/// <code>
/// var result = guard.Check(columnNames, rows);
/// if (result.Refuses(ViolationPolicy.Refuse)) { /* 400, naming result.Violations */ }
/// </code>
/// Many requests with the same columns: bind once, <c>var binding = guard.Bind(columnNames);</c>, then
/// <c>binding.Check(rows)</c> per request. Streaming: <c>binding.CheckRow(n, fields, sink)</c> per row.
/// </example>
public sealed class InputSchemaGuard
{
    /// <summary>Creates a guard.</summary>
    /// <param name="schema">The training schema.</param>
    public InputSchemaGuard(InputSchema schema) => Schema = schema;

    /// <summary>The training schema.</summary>
    public InputSchema Schema { get; }

    /// <summary>The guard of a bundle, if the bundle has a <c>schema</c> role.</summary>
    /// <param name="bundle">The verified bundle files.</param>
    /// <returns>The guard, or <see langword="null"/> when the bundle has no schema (its input is not checked).</returns>
    /// <exception cref="InvalidDataException">The bundle's <c>schema.json</c> is not valid.</exception>
    public static InputSchemaGuard? FromBundle(BundleFiles bundle) =>
        bundle.TryFile(InputSchema.Role) is { } path ? new InputSchemaGuard(InputSchema.Read(path)) : null;

    /// <summary>Matches the input's column names to the schema, once per file or request.</summary>
    /// <param name="columnNames">The input's column names (a CSV header, a request's columns).</param>
    /// <returns>The binding, which checks rows of values in that column order.</returns>
    public SchemaBinding Bind(IReadOnlyList<string> columnNames) => new(Schema, columnNames);

    /// <summary>Checks a request's rows.</summary>
    /// <param name="columnNames">The names of the values in each row.</param>
    /// <param name="rows">The rows, one value per column name (<see langword="null"/> or a short row: missing).</param>
    /// <returns>Every violation (rows named by their 0-based index) and the ignored columns.</returns>
    public SchemaCheckResult Check(IReadOnlyList<string> columnNames, IReadOnlyList<string?[]> rows) => Bind(columnNames).Check(rows);
}
