using System.Text;
using System.Text.Json;

namespace Mlmax.Serving.Payloads;

/// <summary>
/// The fast path of <see cref="JsonPayloadReader"/> for the common shapes, an array of records alone or under
/// <c>dataframe_records</c>, <c>instances</c> or <c>inputs</c>: one pass of a <see cref="Utf8JsonReader"/>, no
/// document, and column names the last request also sent are recognized without allocating them. It gives up on
/// anything else (other shapes, nested values, malformed JSON), and the general reader then answers as it always does.
/// </summary>
internal static class JsonRecordsReader
{
    /// <summary>Reads records, or gives up.</summary>
    /// <param name="body">The UTF-8 body.</param>
    /// <param name="expected">The column names the body is likely to send, in order, or <see langword="null"/>.</param>
    /// <returns>The batch (its columns are <paramref name="expected"/>'s very names array when the body sent exactly those), or <see langword="null"/> to leave the body to the general reader.</returns>
    public static InputBatch? TryRead(ReadOnlySpan<byte> body, KnownColumnNames? expected)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            return FindRecords(ref reader) && Records(ref reader, expected) is { } batch && AtEnd(ref reader) ? batch : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Moves to the start of the records: a root array, or the array of a root object's one shape key.</summary>
    private static bool FindRecords(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return true;
        }

        return reader.TokenType == JsonTokenType.StartObject
               && reader.Read() && reader.TokenType == JsonTokenType.PropertyName
               && (reader.ValueTextEquals("dataframe_records"u8) || reader.ValueTextEquals("instances"u8) || reader.ValueTextEquals("inputs"u8))
               && reader.Read() && reader.TokenType == JsonTokenType.StartArray;
    }

    /// <summary>After the records: the root object closes (no other key), and nothing but whitespace follows.</summary>
    private static bool AtEnd(ref Utf8JsonReader reader)
    {
        if (reader.CurrentDepth == 1 && !(reader.Read() && reader.TokenType == JsonTokenType.EndObject))
        {
            return false;
        }

        // A root value followed by anything but whitespace throws (the general reader then says what is wrong).
        return !reader.Read();
    }

    /// <summary>Reads the records of the array just started; columns are every key seen, in first-seen order, and a later duplicate key wins.</summary>
    private static InputBatch? Records(ref Utf8JsonReader reader, KnownColumnNames? expected)
    {
        var columns = new Columns(expected);
        var rows = new List<Cell[]>(1);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var cells = new Cell[Math.Max(columns.Count, expected?.Names.Length ?? 0)];
            var position = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var column = columns.Find(ref reader, position++);
                if (!reader.Read() || CellOf(ref reader) is not { } cell)
                {
                    return null;
                }

                if (column >= cells.Length)
                {
                    Array.Resize(ref cells, Math.Max(column + 1, cells.Length * 2));
                }

                cells[column] = cell;
            }

            rows.Add(cells);
        }

        // Every row holds one cell per column; a key a record lacks is a missing value (the default cell).
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r].Length != columns.Count)
            {
                var cells = rows[r];
                Array.Resize(ref cells, columns.Count);
                rows[r] = cells;
            }
        }

        return new InputBatch(columns.Names(), rows);
    }

    /// <summary>A scalar value's cell; <see langword="null"/> for an object or array (the general reader describes those).</summary>
    private static Cell? CellOf(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => Cell.Missing,
        JsonTokenType.String => new Cell(CellType.String, reader.GetString()),
        JsonTokenType.Number => new Cell(CellType.Number, Encoding.UTF8.GetString(reader.ValueSpan)),
        JsonTokenType.True => new Cell(CellType.Boolean, "true"),
        JsonTokenType.False => new Cell(CellType.Boolean, "false"),
        _ => null,
    };

    /// <summary>
    /// The columns seen so far, matched by their UTF-8 bytes; a name is made a string once, when first seen. While
    /// the body follows the expected names, nothing is copied: the columns are the first <see cref="Count"/> of them.
    /// </summary>
    private sealed class Columns(KnownColumnNames? expected)
    {
        private List<(string Name, byte[] Utf8)>? _own;
        private Dictionary<string, int>? _index;

        public int Count { get; private set; }

        /// <summary>The column of the property name under the reader, the <paramref name="position"/>-th of its record; a new name is added.</summary>
        public int Find(ref Utf8JsonReader reader, int position)
        {
            // Records usually repeat the first one's keys in its order, and that order is usually the last request's.
            if (position < Count && reader.ValueTextEquals(Utf8(position)))
            {
                return position;
            }

            if (_own is null && position == Count && expected is not null && position < expected.Names.Length
                && reader.ValueTextEquals(expected.Utf8[position]))
            {
                // The names so far are the expected ones, all different, so this one is new.
                return Count++;
            }

            var own = Own();
            var name = reader.GetString()!;
            if (_index is null)
            {
                _index = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < own.Count; i++)
                {
                    _index[own[i].Name] = i;
                }
            }

            if (!_index.TryGetValue(name, out var column))
            {
                column = _index[name] = Count++;
                own.Add((name, Encoding.UTF8.GetBytes(name)));
            }

            return column;
        }

        /// <summary>The column names: the expected names array itself when the body sent exactly those.</summary>
        public IReadOnlyList<string> Names() =>
            _own is null && expected is not null && Count == expected.Names.Length
                ? expected.Names
                : _own?.Select(c => c.Name).ToArray() ?? expected?.Names[..Count] ?? [];

        private byte[] Utf8(int column) => _own is null ? expected!.Utf8[column] : _own[column].Utf8;

        /// <summary>The columns as a list of their own, from the expected names followed so far.</summary>
        private List<(string Name, byte[] Utf8)> Own()
        {
            if (_own is null)
            {
                _own = new List<(string, byte[])>(Math.Max(Count * 2, 16));
                for (var i = 0; i < Count; i++)
                {
                    _own.Add((expected!.Names[i], expected.Utf8[i]));
                }
            }

            return _own;
        }
    }
}
