namespace Mlmax.Scoring.Formats;

/// <summary>
/// Predictions as a Parquet file: the id column (text, or <c>row_id</c> as int64 when rows are numbered), then one
/// typed column per output. Memory is bounded by one row group (see <see cref="ParquetRowWriter"/>).
/// </summary>
/// <param name="output">Where to write; owned (closed on dispose).</param>
public sealed class ParquetPredictionWriter(Stream output) : IPredictionWriter
{
    private ParquetRowWriter? _writer;

    /// <inheritdoc/>
    public void Start(string idColumn, bool numbered, IReadOnlyList<ModelColumn> outputs) =>
        _writer = new ParquetRowWriter(
            output,
            [(idColumn, numbered ? typeof(long) : typeof(string)), .. outputs.Select(o => (o.Name, o.Type == typeof(int) ? typeof(long) : o.Type))]);

    /// <inheritdoc/>
    public object Prepare(Batch.ScoredChunk chunk) => chunk;

    /// <inheritdoc/>
    public void Write(object prepared)
    {
        var chunk = (Batch.ScoredChunk)prepared;
        var columns = chunk.Scored.Columns;
        for (var r = 0; r < chunk.Count; r++)
        {
            var row = new object?[columns.Count + 1];
            row[0] = chunk.Ids is { } ids ? ids[r] : chunk.FirstRow + r;
            for (var c = 0; c < columns.Count; c++)
            {
                row[c + 1] = columns[c].GetValue(r);
            }

            Writer.Write(row);
        }
    }

    /// <inheritdoc/>
    public void Complete()
    {
        Writer.Dispose();
        output.Flush();
    }

    /// <inheritdoc/>
    public void Dispose() => output.Dispose();

    private ParquetRowWriter Writer => _writer ?? throw new InvalidOperationException("Start was not called");
}
