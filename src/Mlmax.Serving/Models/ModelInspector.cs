using Mlmax.Registry;
using Mlmax.Scoring;
using Mlmax.Scoring.Schema;

namespace Mlmax.Serving.Models;

/// <summary>Reads what a loaded scorer takes and returns, by asking it: the check that a version really scores before it is served.</summary>
internal static class ModelInspector
{
    /// <summary>Describes a scorer: input kinds from its schema, which inputs it reads, and output kinds from one probe row of missing values.</summary>
    /// <param name="version">The version.</param>
    /// <param name="scorer">Its scorer.</param>
    /// <param name="guard">Its skew guard, or <see langword="null"/> when the bundle has no training schema.</param>
    /// <param name="loadedAt">When it was loaded.</param>
    /// <returns>The served model.</returns>
    /// <exception cref="InvalidOperationException">The model cannot score a row, or its training schema requires a column the model does not take.</exception>
    public static ServedModel Inspect(ModelVersionRecord version, BundleScorer scorer, InputSchemaGuard? guard, DateTimeOffset loadedAt)
    {
        var names = scorer.Inputs.Select(c => c.Name).ToList();
        var inputs = scorer.Inputs
            .Select(c => new InputColumn(c.Name, KindOf(c), Reads(scorer, names, c.Name)))
            .ToList();
        IReadOnlyList<string> columns;
        IReadOnlyList<object?[]> rows;
        try
        {
            (columns, rows) = scorer.ScoreRows(names, [new string?[names.Count]], CancellationToken.None);
        }
        catch (Exception e) when (e is SchemaViolationException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new InvalidOperationException($"{version.Reference} does not score a row of missing values: {e.Message}", e);
        }

        // A required schema column the model does not take could never be sent (it is an unknown column), so every
        // request would be refused: such a bundle is not served.
        if (guard?.Bind(names).MissingColumns is { Count: > 0 } missing)
        {
            throw new InvalidOperationException(
                $"{version.Reference}: its training schema requires columns the model does not take: {string.Join(", ", missing.Select(m => $"'{m.Column}'"))}");
        }

        var outputs = columns.Select((name, i) => new OutputColumn(name, rows.Count == 1 ? KindOf(rows[0][i]) : ValueKind.Text)).ToList();
        return new ServedModel(version, scorer, guard, inputs, outputs, loadedAt);
    }

    /// <summary>Whether the transform needs a column: it refuses a view without it.</summary>
    private static bool Reads(BundleScorer scorer, List<string> names, string column)
    {
        try
        {
            scorer.ScoreRows(names.Where(n => n != column).ToList(), [], CancellationToken.None);
            return false;
        }
        catch (SchemaViolationException)
        {
            return true;
        }
    }

    private static ValueKind KindOf(ModelColumn column) =>
        column.IsInteger ? ValueKind.Integer
        : column.IsNumber ? ValueKind.Number
        : column.Type == typeof(bool) ? ValueKind.Boolean
        : ValueKind.Text;

    private static ValueKind KindOf(object? value) => value switch
    {
        bool => ValueKind.Boolean,
        float or double => ValueKind.Number,
        int or long or uint or ulong => ValueKind.Integer,
        _ => ValueKind.Text,
    };
}
