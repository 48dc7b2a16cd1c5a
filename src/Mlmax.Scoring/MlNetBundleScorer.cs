using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlmax.Scoring;

/// <summary>
/// Scores with an ML.NET bundle: the fitted transform (<c>transform.zip</c>, saved with its input schema) followed by
/// the model (<c>model.zip</c>). No project code runs: both load natively, so training and scoring apply the very
/// same fitted preprocessing.
/// </summary>
public sealed class MlNetBundleScorer
{
    private readonly MLContext _ml;
    private readonly ITransformer _pipeline;

    private MlNetBundleScorer(MLContext ml, ITransformer pipeline, DataViewSchema inputSchema)
    {
        _ml = ml;
        _pipeline = pipeline;
        InputSchema = inputSchema;
    }

    /// <summary>The columns the transform was fitted on (name and type).</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>Loads the bundle's transform and model.</summary>
    /// <param name="bundle">The verified bundle files.</param>
    /// <returns>The scorer.</returns>
    public static MlNetBundleScorer Load(BundleFiles bundle)
    {
        // Model files name their trainers' assemblies; make sure the ones mlmax ships are loaded.
        _ = typeof(Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer).Assembly;
        var ml = new MLContext(seed: 0);
        var transform = ml.Model.Load(bundle.File("transform"), out var inputSchema);
        var model = ml.Model.Load(bundle.File("model"), out _);
        return new MlNetBundleScorer(ml, new TransformerChain<ITransformer>(transform, model), inputSchema);
    }

    /// <summary>Scores a CSV file with a header row, streaming: memory stays bounded whatever the file's size.</summary>
    /// <param name="input">The CSV file.</param>
    /// <param name="output">Where predictions are written (CSV).</param>
    /// <param name="idColumn">An input column copied to the output as the row id; <see langword="null"/> numbers rows from 0.</param>
    /// <param name="progress">Receives the number of rows scored so far, now and then.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Rows scored.</returns>
    /// <exception cref="SchemaViolationException">A column the model needs is missing from the input.</exception>
    public long ScoreCsv(string input, TextWriter output, string? idColumn, Action<long>? progress, CancellationToken cancellationToken) =>
        ScoreCsv(input, output, idColumn, progress, null, cancellationToken);

    /// <summary>
    /// Scores a CSV file with a header row, streaming, and checks every row against the training schema as it flows
    /// (see <see cref="Schema.CsvSchemaCheck"/>).
    /// </summary>
    /// <param name="input">The CSV file.</param>
    /// <param name="output">Where predictions are written (CSV).</param>
    /// <param name="idColumn">An input column copied to the output as the row id; <see langword="null"/> numbers rows from 0.</param>
    /// <param name="progress">Receives the number of rows scored so far, now and then.</param>
    /// <param name="check">The skew guard's check, or <see langword="null"/> to check nothing beyond the model's columns.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Rows scored.</returns>
    /// <exception cref="SchemaViolationException">A column the model needs is missing, or <paramref name="check"/> refused the input.</exception>
    public long ScoreCsv(string input, TextWriter output, string? idColumn, Action<long>? progress, Schema.CsvSchemaCheck? check, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(input, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 20);
        var header = CsvLine.Split(reader.ReadLine() ?? throw new SchemaViolationException($"{input} is empty: expected a CSV header row"));
        var (columns, positions) = MapColumns(header, input);
        var idPosition = -1;
        if (idColumn is not null)
        {
            idPosition = Array.IndexOf(header, idColumn);
            if (idPosition < 0)
            {
                throw new SchemaViolationException($"id column '{idColumn}' is not in the header of {input} ({string.Join(", ", header.Take(8))}, ...)");
            }

            columns.Add((IdAlias, DataKind.String));
            positions.Add(idPosition);
        }

        check?.Start(header, input);
        var outputs = OutputColumns(Transform(new TextRowsDataView(columns, []), header, input)).Select(c => c.Name).ToList();
        output.WriteLine(string.Join(',', new[] { idColumn ?? "row_id" }.Concat(outputs.Select(Snake))));
        var scored = ScoreInChunks(columns, Rows(reader, positions, input, check, idPosition), output, idColumn is not null, progress, cancellationToken);
        check?.Finish(input);
        return scored;
    }

    private (List<(string Name, DataKind Kind)> Columns, List<int> Positions) MapColumns(string[] header, string source)
    {
        var columns = new List<(string, DataKind)>();
        var positions = new List<int>();
        foreach (var column in InputSchema)
        {
            var index = Array.FindIndex(header, h => Normalize(h) == Normalize(column.Name));
            if (index >= 0 && KindOf(column.Type) is { } kind)
            {
                columns.Add((column.Name, kind));
                positions.Add(index);
            }
        }

        return columns.Count > 0
            ? (columns, positions)
            : throw new SchemaViolationException(
                $"{source}: none of the model's input columns ({string.Join(", ", InputSchema.Take(5).Select(c => c.Name))}, ...) is in the header; columns match ignoring case, spaces and punctuation");
    }

    private static IEnumerable<string?[]> Rows(StreamReader reader, List<int> positions, string source, Schema.CsvSchemaCheck? check, int idPosition)
    {
        string? line;
        long number = 1;
        long dataRow = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = CsvLine.Split(line);
            dataRow++;
            if (check is not null && !check.Row(dataRow, fields, idPosition >= 0 && idPosition < fields.Length ? fields[idPosition].Trim() : null))
            {
                continue;
            }

            var row = new string?[positions.Count];
            for (var i = 0; i < positions.Count; i++)
            {
                row[i] = positions[i] < fields.Length ? fields[positions[i]] : throw new SchemaViolationException(
                    $"{source}:{number}: the row has {fields.Length} fields, the header more; column {positions[i] + 1} is missing");
            }

            yield return row;
        }
    }

    private IDataView Transform(IDataView view, string[] header, string source)
    {
        try
        {
            return _pipeline.Transform(view);
        }
        catch (ArgumentOutOfRangeException e)
        {
            var missing = InputSchema.Select(c => c.Name).Where(n => !header.Any(h => Normalize(h) == Normalize(n))).ToList();
            throw new SchemaViolationException(
                $"{source}: a column the model needs is missing ({e.Message.Split('\n')[0]}); model columns absent from the input: {string.Join(", ", missing)}", e);
        }
    }

    /// <summary>
    /// Scores rows given as column name to text value (from JSON or CSV), for online serving. Thread-safe: each call
    /// builds its own view and cursor over the shared, immutable fitted pipeline.
    /// </summary>
    /// <param name="columnNames">The names of the values in each row.</param>
    /// <param name="rows">The rows, one value per column name (<see langword="null"/> for missing).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The output column names and one array of values per row (<see cref="bool"/>, <see cref="float"/>, <see cref="double"/> or <see cref="string"/>).</returns>
    /// <exception cref="SchemaViolationException">A column the model needs is missing.</exception>
    public (IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows) ScoreRows(
        IReadOnlyList<string> columnNames, IReadOnlyList<string?[]> rows, CancellationToken cancellationToken)
    {
        var header = columnNames.ToArray();

        // Requests of one client repeat the same columns: match names once per layout, not per request.
        var layout = string.Join('\u001f', header);
        if (!_layouts.TryGetValue(layout, out var mapped))
        {
            mapped = MapColumns(header, "request");
            if (_layouts.Count < MaxLayouts)
            {
                _layouts.TryAdd(layout, mapped);
            }
        }

        var (columns, positions) = mapped;
        var pool = _layouts.ContainsKey(layout)
            ? _pools.GetOrAdd(layout, _ => new System.Collections.Concurrent.ConcurrentBag<RowScorer>())
            : new System.Collections.Concurrent.ConcurrentBag<RowScorer>();
        if (!pool.TryTake(out var scorer))
        {
            try
            {
                scorer = new RowScorer(_pipeline, columns, OutputColumns);
            }
            catch (ArgumentOutOfRangeException)
            {
                // A column the pipeline needs is absent: the data-view path reports which.
                Transform(new TextRowsDataView(columns, []), header, "request");
                throw;
            }
        }

        try
        {
            var results = new List<object?[]>(rows.Count);
            var values = new string?[positions.Count];
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (var i = 0; i < positions.Count; i++)
                {
                    values[i] = positions[i] < row.Length ? row[positions[i]] : null;
                }

                results.Add(scorer.Score(values));
            }

            return (scorer.Columns.Select(Snake).ToList(), results);
        }
        finally
        {
            pool.Add(scorer);
        }
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentBag<RowScorer>> _pools = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (List<(string Name, DataKind Kind)> Columns, List<int> Positions)> _layouts = new(StringComparer.Ordinal);

    /// <summary>Column layouts remembered (with their pooled scorers); clients beyond that are served uncached, so odd requests cannot grow memory.</summary>
    private const int MaxLayouts = 64;

    /// <summary>The names of the columns a prediction holds (e.g. <c>predicted_label</c>, <c>score</c>, <c>probability</c>).</summary>
    public IReadOnlyList<string> OutputColumnNames =>
        OutputColumns(_pipeline.GetOutputSchema(InputSchema)).Select(c => Snake(c.Name)).ToList();

    private List<DataViewSchema.Column> OutputColumns(IDataView scored) => OutputColumns(scored.Schema);

    internal List<DataViewSchema.Column> OutputColumns(DataViewSchema schema) =>
        schema.Where(c => !c.IsHidden && InputSchema.GetColumnOrNull(c.Name) is null && c.Name != IdAlias && c.Type is PrimitiveDataViewType).ToList();

    internal static Func<object?> ValueGetter(DataViewRow cursor, DataViewSchema.Column column)
    {
        switch (column.Type)
        {
            case BooleanDataViewType:
            {
                var g = cursor.GetGetter<bool>(column);
                var v = false;
                return () => { g(ref v); return v; };
            }

            case NumberDataViewType n when n.RawType == typeof(float):
            {
                var g = cursor.GetGetter<float>(column);
                var v = 0f;
                return () => { g(ref v); return v; };
            }

            case NumberDataViewType n when n.RawType == typeof(double):
            {
                var g = cursor.GetGetter<double>(column);
                var v = 0d;
                return () => { g(ref v); return v; };
            }

            default:
            {
                var g = cursor.GetGetter<ReadOnlyMemory<char>>(column);
                var v = default(ReadOnlyMemory<char>);
                return () => { g(ref v); return v.ToString(); };
            }
        }
    }

    private const string IdAlias = "__mlmax_id";

    /// <summary>Rows per chunk: big enough to amortize a view and cursor, small enough to keep memory flat.</summary>
    private const int ChunkRows = 8192;

    /// <summary>
    /// Reads rows on this thread and scores chunks of them on all cores, writing results in input order. At most
    /// cores + 1 chunks are in flight, so memory is bounded whatever the file's size.
    /// </summary>
    private long ScoreInChunks(
        List<(string Name, DataKind Kind)> columns, IEnumerable<string?[]> rows, TextWriter output, bool hasId, Action<long>? progress, CancellationToken cancellationToken)
    {
        var inFlight = new Queue<Task<string[]>>();
        long rowsRead = 0;
        long written = 0;
        long reported = 0;
        foreach (var chunk in rows.Chunk(ChunkRows))
        {
            var first = rowsRead;
            rowsRead += chunk.Length;
            inFlight.Enqueue(Task.Run(() => ScoreChunk(columns, chunk, first, hasId, cancellationToken), cancellationToken));
            while (inFlight.Count > Environment.ProcessorCount)
            {
                written += Drain(inFlight.Dequeue(), output);
            }

            if (written - reported >= 50_000)
            {
                progress?.Invoke(reported = written);
            }
        }

        while (inFlight.Count > 0)
        {
            written += Drain(inFlight.Dequeue(), output);
        }

        progress?.Invoke(written);
        return written;

        static int Drain(Task<string[]> task, TextWriter output)
        {
            var lines = task.GetAwaiter().GetResult();
            foreach (var line in lines)
            {
                output.WriteLine(line);
            }

            return lines.Length;
        }
    }

    private string[] ScoreChunk(List<(string Name, DataKind Kind)> columns, string?[][] chunk, long firstRow, bool hasId, CancellationToken cancellationToken)
    {
        var scored = _pipeline.Transform(new TextRowsDataView(columns, chunk));
        var outputs = OutputColumns(scored);
        using var cursor = scored.GetRowCursor([.. outputs, .. hasId ? [scored.Schema[IdAlias]] : Array.Empty<DataViewSchema.Column>()]);
        var getters = outputs.Select(c => Getter(cursor, c)).ToList();
        var id = hasId ? cursor.GetGetter<ReadOnlyMemory<char>>(scored.Schema[IdAlias]) : null;
        var lines = new string[chunk.Length];
        var text = default(ReadOnlyMemory<char>);
        var line = new System.Text.StringBuilder();
        var i = 0;
        while (cursor.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            line.Clear();
            if (id is not null)
            {
                id(ref text);
                line.Append(text.Span);
            }
            else
            {
                line.Append(firstRow + i);
            }

            foreach (var get in getters)
            {
                line.Append(',').Append(get());
            }

            lines[i++] = line.ToString();
        }

        return lines;
    }

    private static Func<string> Getter(DataViewRow cursor, DataViewSchema.Column column)
    {
        var get = ValueGetter(cursor, column);
        return () => get() switch
        {
            bool b => b ? "true" : "false",
            float f => f.ToString("R", CultureInfo.InvariantCulture),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            var other => other?.ToString() ?? "",
        };
    }

    private static DataKind? KindOf(DataViewType type) => type switch
    {
        NumberDataViewType n when n.RawType == typeof(float) => DataKind.Single,
        NumberDataViewType n when n.RawType == typeof(double) => DataKind.Double,
        NumberDataViewType n when n.RawType == typeof(int) => DataKind.Int32,
        NumberDataViewType n when n.RawType == typeof(long) => DataKind.Int64,
        BooleanDataViewType => DataKind.Boolean,
        TextDataViewType => DataKind.String,
        _ => null,
    };

    /// <summary>Column names match ignoring case, spaces and punctuation: <c>class of worker</c> is <c>ClassOfWorker</c>.</summary>
    private static string Normalize(string name) => Schema.ColumnNames.Normalize(name);

    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
