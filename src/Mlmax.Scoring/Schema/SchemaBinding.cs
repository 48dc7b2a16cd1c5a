using System.Globalization;

namespace Mlmax.Scoring.Schema;

/// <summary>
/// A schema matched to one input's column names (by <see cref="ColumnNames.Normalize"/>): which required columns
/// are missing, which columns are ignored, and a row check that allocates only for violations.
/// </summary>
public sealed class SchemaBinding
{
    private readonly ColumnCheck[] _checks;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _missingTokens;

    internal SchemaBinding(InputSchema schema, IReadOnlyList<string> columnNames)
    {
        Schema = schema;
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columnNames.Count; i++)
        {
            positions.TryAdd(ColumnNames.Normalize(columnNames[i]), i);
        }

        var checks = new List<ColumnCheck>();
        var missing = new List<SchemaViolation>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in schema.Columns)
        {
            var key = ColumnNames.Normalize(column.Name);
            known.Add(key);
            if (!positions.TryGetValue(key, out var position))
            {
                if (column.Required)
                {
                    missing.Add(new SchemaViolation(null, column.Name, ViolationKind.MissingColumn, null));
                }
            }
            else if (column.Type != ColumnType.Text)
            {
                var values = new HashSet<string>(column.Values ?? [], StringComparer.Ordinal);
                checks.Add(new ColumnCheck(column.Name, position, column.Type, values.GetAlternateLookup<ReadOnlySpan<char>>()));
            }
        }

        if (schema.Label is { } label)
        {
            known.Add(ColumnNames.Normalize(label));
        }

        _checks = [.. checks];
        _missingTokens = new HashSet<string>(schema.MissingTokens.Select(t => t.Trim()), StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        MissingColumns = missing;
        IgnoredColumns = columnNames.Where(n => !known.Contains(ColumnNames.Normalize(n))).ToList();
    }

    /// <summary>The training schema.</summary>
    public InputSchema Schema { get; }

    /// <summary>Required schema columns the input lacks, as violations without a row; no row can be scored faithfully.</summary>
    public IReadOnlyList<SchemaViolation> MissingColumns { get; }

    /// <summary>The input's columns the schema does not know (the label excepted), in input order; they are ignored.</summary>
    public IReadOnlyList<string> IgnoredColumns { get; }

    /// <summary>Checks a request's rows (thread-safe: a binding is immutable, so one serves every request with these columns).</summary>
    /// <param name="rows">The rows, one value per bound column name (<see langword="null"/> or a short row: missing).</param>
    /// <returns>Every violation (missing required columns first, then rows by their 0-based index) and the ignored columns.</returns>
    public SchemaCheckResult Check(IReadOnlyList<string?[]> rows)
    {
        var violations = new List<SchemaViolation>(MissingColumns);
        for (var i = 0; i < rows.Count; i++)
        {
            CheckRow(i, rows[i], violations);
        }

        return new SchemaCheckResult(violations, IgnoredColumns);
    }

    /// <summary>Checks one row's values.</summary>
    /// <param name="row">The row's number, named in violations.</param>
    /// <param name="values">The values, in the bound column order; absent or <see langword="null"/> values are missing.</param>
    /// <param name="violations">Receives the row's violations.</param>
    /// <returns>The number of violations found.</returns>
    public int CheckRow(long row, IReadOnlyList<string?> values, ICollection<SchemaViolation> violations)
    {
        var found = 0;
        foreach (var check in _checks)
        {
            var raw = check.Position < values.Count ? values[check.Position] : null;
            if (raw is null)
            {
                continue;
            }

            // A value is fine when it is valid or a missing token; valid values are the common case, so they are tested first.
            var value = raw.AsSpan().Trim();
            var valid = check.Type == ColumnType.Number
                ? double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                : check.Values.Contains(value);
            if (!valid && !_missingTokens.Contains(value))
            {
                violations.Add(new SchemaViolation(row, check.Column, check.Type == ColumnType.Number ? ViolationKind.NotANumber : ViolationKind.UnseenCategory, value.ToString()));
                found++;
            }
        }

        return found;
    }

    private sealed record ColumnCheck(string Column, int Position, ColumnType Type, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Values);
}
