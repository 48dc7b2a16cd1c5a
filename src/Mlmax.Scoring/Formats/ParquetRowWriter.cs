using Parquet;
using Parquet.Schema;

namespace Mlmax.Scoring.Formats;

/// <summary>
/// Writes prediction rows to a Parquet stream, buffering one row group at a time: memory is bounded by one row group.
/// Every column is nullable. Disposing writes the last row group and the footer; a file with no rows is still a
/// valid Parquet file with the schema. Not thread-safe: meant for one writer thread.
/// </summary>
public sealed class ParquetRowWriter : IDisposable, IAsyncDisposable
{
    private readonly PredictionColumn[] _columns;
    private readonly int _rowGroupSize;
    private readonly ParquetWriter _writer;
    private int _buffered;
    private bool _faulted;
    private bool _disposed;

    /// <summary>Creates the writer and writes the file header to <paramref name="output"/>.</summary>
    /// <param name="output">
    /// Where to write; need not be seekable (standard output will do). It is flushed on dispose but not closed.
    /// </param>
    /// <param name="columns">
    /// The columns in order: a name and one of <see cref="string"/>, <see cref="bool"/>, <see cref="float"/>,
    /// <see cref="double"/> or <see cref="long"/>.
    /// </param>
    /// <param name="rowGroupSize">Rows per row group.</param>
    /// <exception cref="ArgumentException">No columns, a duplicate name, or a type not in the list above.</exception>
    public ParquetRowWriter(Stream output, IReadOnlyList<(string Name, Type Type)> columns, int rowGroupSize = 65536)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowGroupSize);
        if (columns.Count == 0)
        {
            throw new ArgumentException("a Parquet prediction file needs at least one column", nameof(columns));
        }

        var duplicate = columns.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"column '{duplicate.Key}' appears more than once", nameof(columns));
        }

        _rowGroupSize = rowGroupSize;
        _columns = [.. columns.Select(c => PredictionColumn.Create(c.Name, c.Type, rowGroupSize))];
        var schema = new ParquetSchema(_columns.Select(c => (Field)c.Field));
        _writer = SyncOverAsync.Run(() => ParquetWriter.CreateAsync(schema, output));
    }

    /// <summary>Adds one row, writing a row group when <c>rowGroupSize</c> rows are buffered.</summary>
    /// <param name="row">
    /// One value per column, in column order: <see langword="null"/> for a missing value, otherwise the column's type
    /// (a <see cref="double"/> column also takes <see cref="float"/>, a <see cref="long"/> column any narrower integer).
    /// </param>
    /// <exception cref="ArgumentException">
    /// The row has the wrong number of values, or a value of the wrong type; the row is not added.
    /// </exception>
    /// <exception cref="InvalidOperationException">An earlier row group failed to write.</exception>
    public void Write(object?[] row)
    {
        ArgumentNullException.ThrowIfNull(row);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_faulted)
        {
            throw new InvalidOperationException("an earlier row group failed to write; the Parquet output is incomplete");
        }

        if (row.Length != _columns.Length)
        {
            throw new ArgumentException($"row has {row.Length} values, but the file has {_columns.Length} columns", nameof(row));
        }

        for (var c = 0; c < _columns.Length; c++)
        {
            _columns[c].Set(_buffered, row[c]);
        }

        if (++_buffered == _rowGroupSize)
        {
            SyncOverAsync.Run(() => FlushAsync(CancellationToken.None));
        }
    }

    /// <summary>Writes the buffered rows and the footer, and flushes the stream.</summary>
    public void Dispose() => SyncOverAsync.Run(() => DisposeAsync().AsTask());

    /// <summary>
    /// Writes the buffered rows and the footer, and flushes the stream; after a failed row group it writes nothing.
    /// </summary>
    /// <returns>A task that completes when the file is finished.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_faulted)
        {
            return;
        }

        if (_buffered > 0)
        {
            await FlushAsync(CancellationToken.None);
        }

        await _writer.DisposeAsync();
    }

    /// <summary>Writes the buffered rows as one row group.</summary>
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        // Stays set if the row group fails part-way: the stream then ends in a partial row group, and no footer follows.
        _faulted = true;
        using (var group = _writer.CreateRowGroup())
        {
            foreach (var column in _columns)
            {
                await column.WriteAsync(group, _buffered, cancellationToken);
            }

            group.CompleteValidate();
        }

        _buffered = 0;
        _faulted = false;
    }
}
