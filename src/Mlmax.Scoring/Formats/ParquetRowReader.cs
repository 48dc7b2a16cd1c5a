using Parquet;
using Parquet.Schema;

namespace Mlmax.Scoring.Formats;

/// <summary>
/// Reads a flat Parquet file as rows of invariant-culture text, the input contract of the text-based scorers, one
/// row group at a time: memory is bounded by one row group, never the whole file.
/// </summary>
/// <remarks>
/// Values become text as follows: null stays <see langword="null"/>; booleans are <c>true</c>/<c>false</c>;
/// integers and decimals are invariant-culture numbers; floating-point values use the round-trip <c>R</c> format;
/// timestamps are ISO-8601 (<c>O</c>), dates <c>yyyy-MM-dd</c>, times of day <c>HH:mm:ss.fffffff</c>; UUIDs are
/// <c>D</c> format; strings are as stored; other byte arrays are base64. Not thread-safe.
/// </remarks>
public sealed class ParquetRowReader : ITableReader
{
    /// <summary>Dates as <see cref="DateOnly"/>, so they print as dates rather than midnight timestamps.</summary>
    private static readonly ParquetOptions Options = new() { UseDateOnlyTypeForDates = true };

    private readonly string _path;
    private readonly FileStream _stream;
    private readonly ParquetReader _reader;
    private readonly DataField[] _fields;
    private readonly ColumnTextReader[] _columns;
    private bool _disposed;
    private IEnumerator<string?[]>? _rows;
    private long _read;

    private ParquetRowReader(string path, FileStream stream, ParquetReader reader, DataField[] fields, ColumnTextReader[] columns)
    {
        _path = path;
        _stream = stream;
        _reader = reader;
        _fields = fields;
        _columns = columns;
        Header = [.. fields.Select(f => f.Name)];
        RowCount = reader.Metadata?.NumRows ?? 0;
    }

    /// <summary>The column names, in file order.</summary>
    /// <value>One name per top-level column.</value>
    public IReadOnlyList<string> Header { get; }

    /// <inheritdoc/>
    public string Source => _path;

    /// <summary>Rows read so far.</summary>
    public long Position => _read;

    /// <summary>The rows in the file (<see cref="RowCount"/>).</summary>
    public long Length => RowCount;

    /// <inheritdoc/>
    public string Location => $"{_path} row {_read}";

    /// <summary>The total number of rows, from the file's metadata (for progress reporting).</summary>
    /// <value>The sum of the row groups' row counts.</value>
    public long RowCount { get; }

    /// <summary>Opens a Parquet file and reads its schema.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The reader; dispose it to close the file.</returns>
    /// <exception cref="SchemaViolationException">
    /// The file is not a readable Parquet file (not Parquet, truncated, or a corrupt footer), or it has a nested
    /// (list, map or struct) column or a column of a type with no text form here; the message names the file and,
    /// where there is one, the column.
    /// </exception>
    /// <exception cref="IOException">The file cannot be opened (missing, no permission).</exception>
    public static ParquetRowReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = File.OpenRead(path);
        try
        {
            return Create(path, stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Streams the rows, reading one row group at a time.</summary>
    /// <param name="cancellationToken">Checked between row groups and while reading a row group's columns.</param>
    /// <returns>One array per row, a text value or <see langword="null"/> per column, aligned with <see cref="Header"/>.</returns>
    /// <exception cref="SchemaViolationException">A row group is corrupt; the message names the file and the row group.</exception>
    public IEnumerable<string?[]> Rows(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return StreamRows(cancellationToken);
    }

    /// <inheritdoc/>
    public string?[]? Read()
    {
        _rows ??= Rows(CancellationToken.None).GetEnumerator();
        if (!_rows.MoveNext())
        {
            return null;
        }

        _read++;
        return _rows.Current;
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _rows?.Dispose();
        try
        {
            SyncOverAsync.Run(() => _reader.DisposeAsync().AsTask());
        }
        finally
        {
            _stream.Dispose();
        }
    }

    private static ParquetRowReader Create(string path, FileStream stream)
    {
        ParquetReader reader;
        ParquetSchema schema;
        try
        {
            reader = SyncOverAsync.Run(() => ParquetReader.CreateAsync(stream, Options, leaveStreamOpen: true));
            schema = reader.Schema;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new SchemaViolationException($"{path}: not a readable Parquet file ({e.Message})", e);
        }

        var fields = new DataField[schema.Fields.Count];
        var columns = new ColumnTextReader[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            var field = schema.Fields[i];
            if (field is not DataField { IsArray: false, MaxRepetitionLevel: 0 } data)
            {
                var kind = field.SchemaType is SchemaType.Data ? "repeated" : field.SchemaType.ToString().ToLowerInvariant();
                throw new SchemaViolationException(
                    $"{path}: column '{field.Name}' is a {kind} column: nested columns are not supported; flatten the file first");
            }

            fields[i] = data;
            columns[i] = ParquetColumnText.For(data) ?? throw new SchemaViolationException(
                $"{path}: column '{field.Name}' has a Parquet type read as {data.ClrType.Name}, which is not supported");
        }

        return new ParquetRowReader(path, stream, reader, fields, columns);
    }

    private IEnumerable<string?[]> StreamRows(CancellationToken cancellationToken)
    {
        for (var g = 0; g < _reader.RowGroupCount; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ObjectDisposedException.ThrowIf(_disposed, this);
            var (rows, columns) = ReadRowGroup(g, cancellationToken);
            for (var r = 0; r < rows; r++)
            {
                var row = new string?[columns.Length];
                for (var c = 0; c < columns.Length; c++)
                {
                    row[c] = columns[c][r];
                }

                yield return row;
            }
        }
    }

    /// <summary>Reads one row group as text, column by column.</summary>
    private (int Rows, string?[][] Columns) ReadRowGroup(int index, CancellationToken cancellationToken)
    {
        var group = _reader.OpenRowGroupReader(index);
        if (group.RowCount > Array.MaxLength)
        {
            throw new SchemaViolationException(
                $"{_path}: row group {index + 1} has {group.RowCount} rows, more than can be read at once; rewrite the file with smaller row groups");
        }

        var rows = (int)group.RowCount;
        var columns = new string?[_fields.Length][];
        try
        {
            for (var c = 0; c < columns.Length; c++)
            {
                var read = _columns[c];
                columns[c] = SyncOverAsync.Run(() => read(group, rows, cancellationToken));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new SchemaViolationException(
                $"{_path}: row group {index + 1} of {_reader.RowGroupCount} is not readable Parquet ({e.Message})", e);
        }

        return (rows, columns);
    }
}
