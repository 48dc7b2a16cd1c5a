using Mlmax.Scoring.Formats;
using Mlmax.Scoring.Schema;

namespace Mlmax.Scoring.Batch;

/// <summary>
/// Batch scoring: rows stream from a table through the bundle's preprocessing and model to a prediction file, in
/// input order. One thread reads (and checks rows against the training schema); chunks of rows are scored on all
/// cores. At most cores + 1 chunks are in flight, so memory is bounded whatever the input's size. <c>mlmax predict</c>
/// and the inference pipeline's predict step both score through here.
/// </summary>
public static class BatchScoring
{
    /// <summary>Rows per chunk: big enough to amortize handing work to a thread, small enough to keep memory flat.</summary>
    public const int ChunkRows = 4096;

    /// <summary>Scores every row of <paramref name="input"/> into <paramref name="output"/>.</summary>
    /// <param name="scorer">The bundle's scorer.</param>
    /// <param name="input">The rows.</param>
    /// <param name="output">Where predictions go; <see cref="IPredictionWriter.Complete"/> is called at the end.</param>
    /// <param name="options">Id column, skew check and progress.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Rows scored.</returns>
    /// <exception cref="SchemaViolationException">A column the model needs is missing, a row cannot be read, or the check refused the input.</exception>
    public static long Score(BundleScorer scorer, ITableReader input, IPredictionWriter output, BatchOptions options, CancellationToken cancellationToken)
    {
        var idPosition = -1;
        if (options.IdColumn is { } idColumn)
        {
            idPosition = IndexOf(input.Header, idColumn);
            if (idPosition < 0)
            {
                throw new SchemaViolationException(
                    $"id column '{idColumn}' is not in the header of {input.Source} ({string.Join(", ", input.Header.Take(8))}{(input.Header.Count > 8 ? ", ..." : "")})");
            }
        }

        options.Check?.Start(input.Header, input.Source);
        var binding = scorer.Bind(input.Header, input.Source); // a column the model needs is missing: fail before any output
        output.Start(options.IdColumn ?? "row_id", options.IdColumn is null, scorer.Outputs);

        var inFlight = new Queue<Task<object>>();
        long rowsRead = 0;
        long written = 0;
        long reported = 0;
        var check = options.Check;
        var chunk = new List<string?[]>(ChunkRows);
        var ids = idPosition >= 0 ? new List<string?>(ChunkRows) : null;
        long dataRow = 0;
        string?[]? fields;
        while (true)
        {
            fields = input.Read();
            if (fields is not null)
            {
                dataRow++;
                var id = idPosition >= 0 ? fields[idPosition]?.Trim() : null;
                if (check is not null && !check.Row(dataRow, fields, id))
                {
                    continue;
                }

                chunk.Add(fields);
                ids?.Add(id);
                if (chunk.Count < ChunkRows)
                {
                    continue;
                }
            }

            if (chunk.Count > 0)
            {
                var rows = chunk.ToArray();
                var chunkIds = ids?.ToArray();
                var first = rowsRead;
                rowsRead += rows.Length;
                chunk.Clear();
                ids?.Clear();
                inFlight.Enqueue(Task.Run(() => ScoreChunk(binding, output, rows, chunkIds, first, cancellationToken), cancellationToken));
                while (inFlight.Count > Environment.ProcessorCount)
                {
                    written += Drain(inFlight.Dequeue(), output);
                }

                if (written - reported >= 50_000)
                {
                    options.Progress?.Invoke(new BatchProgress(reported = written, Fraction(input)));
                }
            }

            if (fields is null)
            {
                break;
            }
        }

        while (inFlight.Count > 0)
        {
            written += Drain(inFlight.Dequeue(), output);
        }

        check?.Finish(input.Source);
        output.Complete();
        options.Progress?.Invoke(new BatchProgress(written, 1));
        return written;
    }

    /// <summary>Scores a chunk on a pool thread (the binding projects each row to the model's columns there, off the reading thread).</summary>
    private static object ScoreChunk(ScorerBinding binding, IPredictionWriter output, string?[][] rows, string?[]? ids, long first, CancellationToken cancellationToken)
    {
        var scored = binding.Score(rows, cancellationToken);
        return (output.Prepare(new ScoredChunk(first, ids, scored)), scored.Count);
    }

    private static int Drain(Task<object> task, IPredictionWriter output)
    {
        var (prepared, count) = ((object, int))task.GetAwaiter().GetResult();
        output.Write(prepared);
        return count;
    }

    private static double Fraction(ITableReader input) => input.Length > 0 ? Math.Clamp((double)input.Position / input.Length, 0, 1) : 1;

    private static int IndexOf(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}
