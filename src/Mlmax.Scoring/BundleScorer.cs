using System.Collections.Concurrent;

namespace Mlmax.Scoring;

/// <summary>
/// Scores rows with a registered version's bundle: the fitted preprocessing and the model, loaded natively (ML.NET)
/// or through ONNX Runtime (models trained elsewhere, e.g. scikit-learn). Batch scoring (<see cref="Batch.BatchScoring"/>)
/// and the HTTP server both score through this type, so a row gets the same prediction whichever way it comes.
/// Thread-safe: each call takes a pooled <see cref="IChunkScorer"/> for its column layout.
/// </summary>
public abstract class BundleScorer : IDisposable
{
    /// <summary>Column layouts remembered (with their pooled scorers); clients beyond that are served uncached, so odd requests cannot grow memory.</summary>
    private const int MaxLayouts = 64;

    private readonly ConcurrentDictionary<string, ScorerBinding> _layouts = new(StringComparer.Ordinal);
    private List<string>? _outputColumnNames;

    /// <summary>How the model is stored: <c>ml.net</c> or <c>onnx</c>.</summary>
    public abstract string Format { get; }

    /// <summary>The columns the model takes, in its order.</summary>
    public abstract IReadOnlyList<ModelColumn> Inputs { get; }

    /// <summary>The values of a prediction (e.g. <c>predicted_label</c>, <c>probability</c>, <c>score</c>).</summary>
    public abstract IReadOnlyList<ModelColumn> Outputs { get; }

    /// <summary>The names of the values of a prediction.</summary>
    public IReadOnlyList<string> OutputColumnNames => _outputColumnNames ??= Outputs.Select(o => o.Name).ToList();

    /// <summary>Loads the scorer a bundle calls for: ONNX Runtime when its model is <c>model.onnx</c>, ML.NET otherwise.</summary>
    /// <param name="bundle">The verified bundle files.</param>
    /// <returns>The scorer.</returns>
    /// <exception cref="InvalidDataException">The model files cannot be read.</exception>
    public static BundleScorer Load(BundleFiles bundle) =>
        OnnxBundleScorer.Holds(bundle) ? OnnxBundleScorer.Load(bundle) : MlNetBundleScorer.Load(bundle);

    /// <summary>Binds a model to columns in this order (a subset of <see cref="Inputs"/>).</summary>
    /// <exception cref="SchemaViolationException">The model needs a column that is not among them.</exception>
    internal abstract IChunkScorer CreateChunkScorer(IReadOnlyList<ModelColumn> columns);

    /// <summary>
    /// Matches a header against the model's inputs, ignoring case, spaces and punctuation (<c>class of worker</c> is
    /// <c>ClassOfWorker</c>): the model columns present, and where each is in the header.
    /// </summary>
    /// <param name="header">The column names.</param>
    /// <param name="source">The file or request, for the error.</param>
    /// <returns>The model columns present in the header and their positions there.</returns>
    /// <exception cref="SchemaViolationException">None of the model's columns is in the header.</exception>
    internal (List<ModelColumn> Columns, List<int> Positions) MapColumns(IReadOnlyList<string> header, string source)
    {
        var normalized = header.Select(Schema.ColumnNames.Normalize).ToList();
        var columns = new List<ModelColumn>();
        var positions = new List<int>();
        foreach (var column in Inputs)
        {
            var index = normalized.IndexOf(Schema.ColumnNames.Normalize(column.Name));
            if (index >= 0)
            {
                columns.Add(column);
                positions.Add(index);
            }
        }

        return columns.Count > 0
            ? (columns, positions)
            : throw new SchemaViolationException(
                $"{source}: none of the model's input columns ({string.Join(", ", Inputs.Take(5).Select(c => c.Name))}, ...) is in the header; columns match ignoring case, spaces and punctuation");
    }

    /// <summary>The model's input columns missing from <paramref name="columns"/>, for errors.</summary>
    internal string Absent(IReadOnlyList<ModelColumn> columns) =>
        string.Join(", ", Inputs.Where(i => !columns.Any(c => c.Name == i.Name)).Select(i => $"'{i.Name}'"));

    /// <summary>
    /// Binds the model to a layout of columns given as column name to text value (from JSON or CSV), for online
    /// serving. Layouts are remembered, so requests with the same columns share one binding and its pooled scorers.
    /// </summary>
    /// <param name="columnNames">The names of the values in each row.</param>
    /// <returns>The binding, owned by this scorer (past <c>64</c> remembered layouts, a binding releases its chunk scorer after each call).</returns>
    /// <exception cref="SchemaViolationException">None of the model's columns is among the names, or one it needs is missing.</exception>
    public ScorerBinding Bind(IReadOnlyList<string> columnNames) => Bind(columnNames, "request");

    /// <summary>Binds the model to a layout of columns, naming <paramref name="source"/> (a file, say) in errors.</summary>
    /// <param name="columnNames">The names of the values in each row.</param>
    /// <param name="source">Where the columns come from, for errors.</param>
    /// <returns>The binding, owned by this scorer.</returns>
    /// <exception cref="SchemaViolationException">None of the model's columns is among the names, or one it needs is missing.</exception>
    public ScorerBinding Bind(IReadOnlyList<string> columnNames, string source)
    {
        // Requests of one client repeat the same columns: match names once per layout, not per request.
        var key = string.Join('\u001f', columnNames);
        if (_layouts.TryGetValue(key, out var binding))
        {
            return binding;
        }

        // The first chunk scorer is made here, so a layout the model cannot score fails now and is never remembered.
        var (columns, positions) = MapColumns(columnNames, source);
        var bound = new ScorerBinding(this, columns, positions, CreateChunkScorer(columns), pooled: _layouts.Count < MaxLayouts);
        if (!bound.IsPooled)
        {
            return bound;
        }

        var remembered = _layouts.GetOrAdd(key, bound);
        if (remembered != bound)
        {
            bound.Release();
        }

        return remembered;
    }

    /// <summary>
    /// Scores rows given as column name to text value (from JSON or CSV), for online serving. Thread-safe; requests
    /// with the same columns share pooled scorers, so a row costs only the model's arithmetic.
    /// </summary>
    /// <param name="columnNames">The names of the values in each row.</param>
    /// <param name="rows">The rows, one value per column name (<see langword="null"/> for missing).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The output column names and one array of values per row (<see cref="bool"/>, <see cref="float"/>, <see cref="double"/>, <see cref="long"/> or <see cref="string"/>).</returns>
    /// <exception cref="SchemaViolationException">A column the model needs is missing.</exception>
    public (IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows) ScoreRows(
        IReadOnlyList<string> columnNames, IReadOnlyList<string?[]> rows, CancellationToken cancellationToken)
    {
        var scored = Bind(columnNames).Score(rows, cancellationToken);
        var results = new object?[scored.Count][];
        for (var r = 0; r < results.Length; r++)
        {
            results[r] = scored.Row(r);
        }

        return (OutputColumnNames, results);
    }

    /// <summary>Releases the model's native resources (ONNX Runtime sessions).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources.</summary>
    /// <param name="disposing">Called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var binding in _layouts.Values)
            {
                binding.Release();
            }
        }
    }
}
