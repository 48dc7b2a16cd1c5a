using System.Text.Json;

namespace Mlmax.Serving.Payloads;

/// <summary>
/// Reads an <c>application/json</c> body in any of the shapes MLflow's scoring server and SageMaker clients send:
/// <c>{"dataframe_split": {"columns": [...], "data": [[...]]}}</c>, <c>{"dataframe_records": [{...}]}</c>,
/// <c>{"instances": [{...}]}</c>, <c>{"inputs": {"col": [...]}}</c> (columns), <c>{"inputs": {"col": v}}</c> (one row),
/// <c>{"inputs": [{...}]}</c>, a bare array of records, or a bare record.
/// </summary>
internal static class JsonPayloadReader
{
    private static readonly string[] Shapes = ["dataframe_split", "dataframe_records", "instances", "inputs"];

    /// <summary>Parses a JSON body.</summary>
    /// <param name="body">The UTF-8 body.</param>
    /// <param name="expected">The column names the body is likely to send (the last request's), recognized without allocating, or <see langword="null"/>.</param>
    /// <returns>The batch.</returns>
    /// <exception cref="PayloadException">Malformed JSON or an unknown shape (400), rows of the wrong width (422).</exception>
    public static InputBatch Read(ReadOnlyMemory<byte> body, KnownColumnNames? expected = null) =>
        JsonRecordsReader.TryRead(body.Span, expected) ?? ReadDocument(body);

    /// <summary>Parses a JSON body of any shape through a <see cref="JsonDocument"/>: the general path, which also names what is wrong with a body.</summary>
    /// <param name="body">The UTF-8 body.</param>
    /// <returns>The batch.</returns>
    /// <exception cref="PayloadException">Malformed JSON or an unknown shape (400), rows of the wrong width (422).</exception>
    internal static InputBatch ReadDocument(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw PayloadException.Malformed("body", $"malformed JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            return root.ValueKind switch
            {
                JsonValueKind.Array => Records(root, "(root)"),
                JsonValueKind.Object => Object(root),
                _ => throw PayloadException.Malformed("body", $"expected a JSON object or array, got a {root.ValueKind.ToString().ToLowerInvariant()}"),
            };
        }
    }

    private static InputBatch Object(JsonElement root)
    {
        var shapes = root.EnumerateObject().Where(p => Shapes.Contains(p.Name, StringComparer.Ordinal)).ToList();
        if (shapes.Count == 0)
        {
            return Records([root], "(root)");
        }

        if (shapes.Count > 1 || root.EnumerateObject().Count() > 1)
        {
            var extra = root.EnumerateObject().Select(p => p.Name).First(n => n != shapes[0].Name);
            throw PayloadException.Malformed(extra, $"unexpected key '{extra}' beside '{shapes[0].Name}': send exactly one of {string.Join(", ", Shapes)}");
        }

        var shape = shapes[0];
        return shape.Name switch
        {
            "dataframe_split" => Split(shape.Value),
            "inputs" when shape.Value.ValueKind == JsonValueKind.Object => Columnar(shape.Value),
            _ when shape.Value.ValueKind == JsonValueKind.Array => Records(shape.Value, shape.Name),
            _ => throw PayloadException.Malformed(shape.Name, $"'{shape.Name}' must be an array of records{(shape.Name == "inputs" ? " or an object of columns" : "")}"),
        };
    }

    private static InputBatch Records(JsonElement array, string field) => Records(array.EnumerateArray(), field);

    /// <summary>Records (objects): columns are every key seen, in first-seen order; a key a record lacks is a missing value.</summary>
    private static InputBatch Records(IEnumerable<JsonElement> records, string field)
    {
        var columns = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var parsed = new List<List<(int Column, Cell Cell)>>();
        var n = 0;
        foreach (var record in records)
        {
            if (record.ValueKind != JsonValueKind.Object)
            {
                throw PayloadException.Malformed(field, $"{field}[{n}] is a {record.ValueKind.ToString().ToLowerInvariant()}; each record must be an object of column name to value");
            }

            var cells = new List<(int, Cell)>();
            foreach (var property in record.EnumerateObject())
            {
                if (!index.TryGetValue(property.Name, out var column))
                {
                    column = index[property.Name] = columns.Count;
                    columns.Add(property.Name);
                }

                cells.Add((column, CellOf(property.Value)));
            }

            parsed.Add(cells);
            n++;
        }

        var rows = parsed.Select(cells =>
        {
            var row = Enumerable.Repeat(Cell.Missing, columns.Count).ToArray();
            foreach (var (column, cell) in cells)
            {
                row[column] = cell;
            }

            return row;
        }).ToList();
        return new InputBatch(columns, rows);
    }

    /// <summary><c>{"columns": [...], "data": [[...], ...]}</c> (pandas' split orientation; an <c>index</c> is ignored).</summary>
    private static InputBatch Split(JsonElement split)
    {
        if (split.ValueKind != JsonValueKind.Object)
        {
            throw PayloadException.Malformed("dataframe_split", "'dataframe_split' must be an object with 'columns' and 'data'");
        }

        if (split.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n is not ("columns" or "data" or "index")) is { } unexpected)
        {
            throw PayloadException.Malformed($"dataframe_split.{unexpected}", $"unexpected key '{unexpected}' in 'dataframe_split' (it takes columns, data and index)");
        }

        if (!split.TryGetProperty("columns", out var names) || names.ValueKind != JsonValueKind.Array || names.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.String))
        {
            throw PayloadException.Malformed("dataframe_split.columns", "'dataframe_split.columns' must be an array of column names");
        }

        if (!split.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw PayloadException.Malformed("dataframe_split.data", "'dataframe_split.data' must be an array of rows, each an array of values");
        }

        var columns = names.EnumerateArray().Select(c => c.GetString()!).ToList();
        var rows = new List<Cell[]>();
        var problems = new List<FieldProblem>();
        var r = 0;
        foreach (var row in data.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array)
            {
                throw PayloadException.Malformed($"dataframe_split.data[{r}]", $"'dataframe_split.data[{r}]' must be an array of values");
            }

            if (row.GetArrayLength() != columns.Count)
            {
                problems.Add(new FieldProblem($"dataframe_split.data[{r}]", r, $"{row.GetArrayLength()} values for {columns.Count} columns"));
            }

            rows.Add(row.EnumerateArray().Select(CellOf).ToArray());
            r++;
        }

        return problems.Count > 0
            ? throw PayloadException.Schema(problems.Take(BatchValidator.MaxProblems).ToList(), problems.Count)
            : new InputBatch(columns, rows);
    }

    /// <summary><c>{"col": [v, ...], ...}</c> (columns of equal length) or <c>{"col": v, ...}</c> (one row).</summary>
    private static InputBatch Columnar(JsonElement inputs)
    {
        var properties = inputs.EnumerateObject().ToList();
        var arrays = properties.Count(p => p.Value.ValueKind == JsonValueKind.Array);
        if (arrays == 0)
        {
            return Records([inputs], "inputs");
        }

        if (arrays != properties.Count)
        {
            var scalar = properties.First(p => p.Value.ValueKind != JsonValueKind.Array).Name;
            throw PayloadException.Malformed($"inputs.{scalar}", $"'inputs' mixes columns (arrays) and single values ('{scalar}'): give every column as an array of values, or every value as a scalar for one row");
        }

        var length = properties.Count == 0 ? 0 : properties[0].Value.GetArrayLength();
        var uneven = properties.FindIndex(p => p.Value.GetArrayLength() != length);
        if (uneven >= 0)
        {
            var (name, count) = (properties[uneven].Name, properties[uneven].Value.GetArrayLength());
            throw PayloadException.Schema([new FieldProblem(name, null, $"{count} values, but '{properties[0].Name}' has {length}: every column needs one value per row")], 1);
        }

        var columns = properties.Select(p => p.Name).ToList();
        var values = properties.Select(p => p.Value.EnumerateArray().Select(CellOf).ToArray()).ToList();
        var rows = Enumerable.Range(0, length).Select(r => values.Select(v => v[r]).ToArray()).ToList();
        return new InputBatch(columns, rows);
    }

    private static Cell CellOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => Cell.Missing,
        JsonValueKind.String => new Cell(CellType.String, value.GetString()),
        JsonValueKind.Number => new Cell(CellType.Number, value.GetRawText()),
        JsonValueKind.True => new Cell(CellType.Boolean, "true"),
        JsonValueKind.False => new Cell(CellType.Boolean, "false"),
        _ => new Cell(CellType.Structured, value.ValueKind == JsonValueKind.Array ? "[" : "{"),
    };
}
