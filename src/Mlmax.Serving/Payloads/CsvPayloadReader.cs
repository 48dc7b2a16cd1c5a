using Mlmax.Scoring.Schema;
using System.Text;
using Mlmax.Serving.Models;

namespace Mlmax.Serving.Payloads;

/// <summary>
/// Reads a <c>text/csv</c> body. Without a header (the SageMaker default) each row holds one value per column of
/// <see cref="ServedModel.CsvColumns"/>, in that order. With a header, columns are matched by name. Whether the first
/// line is a header: what the client said (<c>?header=true|false</c> or
/// <c>text/csv; header=present|absent</c>); otherwise it is one when every field on it names a model input column.
/// </summary>
internal static class CsvPayloadReader
{
    /// <summary>Parses a CSV body.</summary>
    /// <param name="body">The UTF-8 body.</param>
    /// <param name="header">Whether the first line is a header, if the client said.</param>
    /// <param name="model">The model (its columns).</param>
    /// <returns>The batch.</returns>
    /// <exception cref="PayloadException">Malformed CSV (400) or rows of the wrong width (422).</exception>
    public static InputBatch Read(ReadOnlyMemory<byte> body, bool? header, ServedModel model)
    {
        var records = CsvRecords.Read(Encoding.UTF8.GetString(body.Span));
        if (records.Count == 0)
        {
            return new InputBatch([], []);
        }

        var hasHeader = header ?? LooksLikeHeader(records[0].Fields, model);
        var columns = hasHeader ? records[0].Fields : model.CsvColumns.Select(c => c.Name).ToArray();
        var data = hasHeader ? records.Skip(1).ToList() : records;
        var problems = new List<FieldProblem>();
        var rows = new List<Cell[]>(data.Count);
        for (var r = 0; r < data.Count; r++)
        {
            var (line, fields) = data[r];
            if (fields.Length != columns.Length)
            {
                problems.Add(new FieldProblem($"line {line}", r, hasHeader
                    ? $"{fields.Length} fields, but the header has {columns.Length}"
                    : $"{fields.Length} fields; a CSV body without a header has {columns.Length}, one per column in this order: {string.Join(", ", columns)} (or send a header row)"));
                continue;
            }

            rows.Add(fields.Select(f => new Cell(CellType.String, f)).ToArray());
        }

        return problems.Count > 0
            ? throw PayloadException.Schema(problems.Take(BatchValidator.MaxProblems).ToList(), problems.Count)
            : new InputBatch(columns, rows);
    }

    private static bool LooksLikeHeader(string[] fields, ServedModel model)
    {
        var names = model.Inputs.Select(c => ColumnNames.Normalize(c.Name)).ToHashSet(StringComparer.Ordinal);
        return fields.All(f => ColumnNames.Normalize(f) is { Length: > 0 } n && names.Contains(n));
    }
}
