using Mlmax.Scoring.Schema;
using System.Globalization;
using Mlmax.Serving.Models;

namespace Mlmax.Serving.Payloads;

/// <summary>
/// Checks a parsed request against the model's input schema: every column known, every column the model reads
/// present, every value of the right type. All problems are collected (up to <see cref="MaxProblems"/>) so one answer
/// names them all.
/// </summary>
internal static class BatchValidator
{
    /// <summary>The most problems one answer lists.</summary>
    public const int MaxProblems = 20;

    private const string MissingHint = "send null (JSON) or an empty field (CSV) for a missing value";

    /// <summary>Refuses an empty batch (422).</summary>
    /// <param name="batch">The parsed request.</param>
    /// <exception cref="PayloadException">422: no rows.</exception>
    public static void RequireRows(InputBatch batch)
    {
        if (batch.Rows.Count == 0)
        {
            throw PayloadException.Schema([new FieldProblem("rows", null, "the batch is empty: send at least one row")], 1);
        }
    }

    /// <summary>Checks and converts a batch's values, its columns already matched (<see cref="MapColumns"/>).</summary>
    /// <param name="batch">The parsed request.</param>
    /// <param name="columns">The model's input column of each of the batch's columns.</param>
    /// <returns>The rows for the scorer: values as text (numbers in invariant culture, <see langword="null"/> for missing), in the batch's column order.</returns>
    /// <exception cref="PayloadException">422, naming each field and problem.</exception>
    public static IReadOnlyList<string?[]> Validate(InputBatch batch, IReadOnlyList<InputColumn> columns)
    {
        List<FieldProblem>? problems = null;
        var total = 0;
        var rows = new string?[batch.Rows.Count][];
        for (var r = 0; r < rows.Length; r++)
        {
            var cells = batch.Rows[r];
            var row = new string?[columns.Count];
            for (var c = 0; c < row.Length; c++)
            {
                var cell = c < cells.Length ? cells[c] : Cell.Missing;
                if (Convert(cell, columns[c].Kind, out row[c]) is { } problem && ++total <= MaxProblems)
                {
                    (problems ??= []).Add(new FieldProblem(columns[c].Name, r, problem));
                }
            }

            rows[r] = row;
        }

        return total > 0 ? throw PayloadException.Schema(problems!, total) : rows;
    }

    /// <summary>Matches a request's column names to the model's input schema: every column known and given once, every column the model reads present.</summary>
    /// <param name="given">The column names, as the client gave them.</param>
    /// <param name="inputs">The model's input schema.</param>
    /// <returns>The model's input column of each given name, in the given order.</returns>
    /// <exception cref="PayloadException">422, naming each unknown, repeated or missing column.</exception>
    public static IReadOnlyList<InputColumn> MapColumns(IReadOnlyList<string> given, IReadOnlyList<InputColumn> inputs)
    {
        var byName = inputs.ToDictionary(c => ColumnNames.Normalize(c.Name), StringComparer.Ordinal);
        var problems = new List<FieldProblem>();
        var mapped = new List<InputColumn>(given.Count);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in given)
        {
            if (!byName.TryGetValue(ColumnNames.Normalize(name), out var column))
            {
                var some = string.Join(", ", inputs.Take(6).Select(i => i.Name)) + (inputs.Count > 6 ? $", ... ({inputs.Count} in all; GET /openapi.json lists them)" : "");
                problems.Add(new FieldProblem(name, null,
                    $"unknown column: the model has no such input (its columns: {some}; names match ignoring case, spaces and punctuation)"));
                continue;
            }

            if (seen.TryGetValue(column.Name, out var first))
            {
                problems.Add(new FieldProblem(column.Name, null, $"given twice, as '{first}' and '{name}'"));
                continue;
            }

            seen[column.Name] = name;
            mapped.Add(column);
        }

        foreach (var column in inputs.Where(c => c.Required && !seen.ContainsKey(c.Name)))
        {
            problems.Add(new FieldProblem(column.Name, null, $"missing column: the model reads it ({Describe(column.Kind)}; null values are allowed)"));
        }

        return problems.Count > 0 ? throw PayloadException.Schema(problems.Take(MaxProblems).ToList(), problems.Count) : mapped;
    }

    /// <summary>Converts one value for a column of the given kind; returns the problem, or <see langword="null"/>.</summary>
    private static string? Convert(Cell cell, ValueKind kind, out string? value)
    {
        value = null;
        if (cell.Type == CellType.Missing)
        {
            return null;
        }

        if (cell.Type == CellType.Structured)
        {
            return $"expected {Describe(kind)}, got a JSON {(cell.Text is ['[', ..] ? "array" : "object")}";
        }

        var text = cell.Text ?? "";
        switch (kind)
        {
            case ValueKind.Number or ValueKind.Integer when cell.Type == CellType.Boolean:
                return $"expected {Describe(kind)}, got {text}";
            case ValueKind.Number or ValueKind.Integer when IsMissingToken(text):
                return null;
            case ValueKind.Number:
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    return $"expected a number, got \"{Clip(text)}\"";
                }

                if (!double.IsFinite(number))
                {
                    return $"{Clip(text)} is not allowed: numbers must be finite; {MissingHint}";
                }

                value = text.Trim();
                return null;
            case ValueKind.Integer:
                if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                {
                    return $"expected a whole number, got \"{Clip(text)}\"";
                }

                value = text.Trim();
                return null;
            case ValueKind.Boolean:
                if (cell.Type == CellType.Number || !bool.TryParse(text.Trim(), out var flag))
                {
                    return IsMissingToken(text) && cell.Type == CellType.String ? null : $"expected true or false, got \"{Clip(text)}\"";
                }

                value = flag ? "true" : "false";
                return null;
            default:
                // Text: categories often look like numbers (a JSON 4 is the category "4"); booleans read as their text.
                value = text;
                return null;
        }
    }

    private static bool IsMissingToken(string text) => text.Trim() is "" or "?";

    private static string Describe(ValueKind kind) => kind switch
    {
        ValueKind.Number => "a number",
        ValueKind.Integer => "a whole number",
        ValueKind.Boolean => "true or false",
        _ => "text",
    };

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
