using Mlmax.Scoring.Formats;
using Parquet;
using Parquet.Schema;

namespace Mlmax.Scoring.Batch.Internal;

/// <summary>
/// Appends the parts' <c>predictions.parquet</c> into one file with <see cref="ParquetRowWriter"/>, the writer of
/// <see cref="ParquetPredictionWriter"/>, so the merged file has the predict step's columns and row group size. Reads
/// one row group of one part at a time.
/// </summary>
internal static class ParquetPredictionsMerger
{
    public static void Merge(
        IReadOnlyList<(string Path, long FirstRow, long Rows)> files, string target, string firstColumn, bool numbered, CancellationToken cancellationToken)
    {
        using var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        ParquetRowWriter? writer = null;
        IReadOnlyList<(string Name, Type Type)>? columns = null;
        try
        {
            foreach (var (path, firstRow, expected) in files)
            {
                using var stream = File.OpenRead(path);
                var reader = Open(path, stream);
                try
                {
                    var own = Columns(path, reader.Schema);
                    if (columns is null)
                    {
                        columns = own;
                        CheckId(path, columns[0], firstColumn, numbered);
                        writer = new ParquetRowWriter(output, columns);
                    }
                    else if (!own.SequenceEqual(columns))
                    {
                        throw new InvalidDataException(
                            $"{path}: its columns ({Describe(own)}) differ from {files[0].Path}'s ({Describe(columns)}); the parts of one predict step write the same columns");
                    }

                    var rows = Append(reader, writer!, numbered ? firstRow : null, cancellationToken);
                    if (rows != expected)
                    {
                        throw new InvalidDataException($"{path} holds {rows} rows, but its metrics count {expected}; was it cut short?");
                    }
                }
                finally
                {
                    SyncOverAsync.Run(() => reader.DisposeAsync().AsTask());
                }
            }
        }
        finally
        {
            writer?.Dispose();
        }
    }

    /// <summary>Writes a part's rows, one row group at a time, adding <paramref name="shift"/> to the row numbers of the first column.</summary>
    private static long Append(ParquetReader reader, ParquetRowWriter writer, long? shift, CancellationToken cancellationToken)
    {
        var fields = reader.Schema.DataFields;
        long rows = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var group = reader.OpenRowGroupReader(g);
            var count = checked((int)group.RowCount);
            var values = new Array[fields.Length];
            for (var c = 0; c < fields.Length; c++)
            {
                var field = fields[c];
                values[c] = SyncOverAsync.Run(() => ReadAsync(group, field, count, cancellationToken));
            }

            if (shift is { } offset)
            {
                var ids = (long?[])values[0];
                for (var r = 0; r < count; r++)
                {
                    ids[r] += offset;
                }
            }

            for (var r = 0; r < count; r++)
            {
                var row = new object?[fields.Length];
                for (var c = 0; c < row.Length; c++)
                {
                    row[c] = values[c].GetValue(r);
                }

                writer.Write(row);
            }

            rows += count;
        }

        return rows;
    }

    private static ParquetReader Open(string path, Stream stream)
    {
        try
        {
            return SyncOverAsync.Run(() => ParquetReader.CreateAsync(stream, leaveStreamOpen: true));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidDataException($"{path}: not a readable Parquet file ({e.Message})", e);
        }
    }

    /// <summary>The file's columns as <see cref="ParquetRowWriter"/> takes them; a predictions file has only its types.</summary>
    private static List<(string Name, Type Type)> Columns(string path, ParquetSchema schema)
    {
        var columns = new List<(string, Type)>();
        foreach (var field in schema.Fields)
        {
            if (field is not DataField { IsArray: false, MaxRepetitionLevel: 0 } data || Type(data) is not { } type)
            {
                throw new InvalidDataException(
                    $"{path}: column '{field.Name}' is not a column predict writes (text, bool, float, double or int64); is this a predictions file?");
            }

            columns.Add((data.Name, type));
        }

        return columns.Count > 0 ? columns : throw new InvalidDataException($"{path}: the file has no columns; is this a predictions file?");
    }

    /// <summary>The column's type among <see cref="PredictionColumn.Types"/> (text read back as <see cref="ReadOnlyMemory{T}"/> is text).</summary>
    private static Type? Type(DataField field) =>
        field.ClrType == typeof(ReadOnlyMemory<char>) ? typeof(string) : PredictionColumn.Types.FirstOrDefault(t => t == field.ClrType);

    private static void CheckId(string path, (string Name, Type Type) first, string expected, bool numbered)
    {
        if (first.Name != expected || (numbered && first.Type != typeof(long)))
        {
            throw new InvalidDataException(
                $"{path}: the first column is '{first.Name}' ({first.Type.Name}), expected '{expected}'" +
                (numbered ? " (Int64: rows are numbered, the step has no id_column)" : " (the step's id_column)"));
        }
    }

    private static string Describe(IEnumerable<(string Name, Type Type)> columns) =>
        string.Join(", ", columns.Select(c => $"{c.Name} {c.Type.Name}"));

    private static async Task<Array> ReadAsync(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
    {
        var type = Type(field);
        if (type == typeof(string))
        {
            var text = new string?[rows];
            await group.ReadAsync(field, text.AsMemory(), cancellationToken: cancellationToken);
            return text;
        }

        return type == typeof(bool) ? await ValuesAsync<bool>(group, field, rows, cancellationToken)
            : type == typeof(float) ? await ValuesAsync<float>(group, field, rows, cancellationToken)
            : type == typeof(double) ? await ValuesAsync<double>(group, field, rows, cancellationToken)
            : await ValuesAsync<long>(group, field, rows, cancellationToken);
    }

    private static async Task<Array> ValuesAsync<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T?[rows];
        if (field.IsNullable)
        {
            await group.ReadAsync<T>(field, values.AsMemory(), cancellationToken: cancellationToken);
            return values;
        }

        // A required column through the non-nullable overload: see ParquetColumnText for why.
        var plain = new T[rows];
        await group.ReadAsync<T>(field, plain.AsMemory(), cancellationToken: cancellationToken);
        for (var i = 0; i < rows; i++)
        {
            values[i] = plain[i];
        }

        return values;
    }
}
