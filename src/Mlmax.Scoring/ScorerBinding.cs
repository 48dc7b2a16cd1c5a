using System.Collections.Concurrent;

namespace Mlmax.Scoring;

/// <summary>
/// A model bound to one layout of input columns (a request's or a file's column names), with its own pool of chunk
/// scorers: matching names to the model is done once, so scoring a row costs only the model's arithmetic.
/// Thread-safe: each call takes a pooled chunk scorer. Get one from <see cref="BundleScorer.Bind(IReadOnlyList{string}, string)"/>; the scorer owns
/// it and releases its chunk scorers when it is disposed.
/// </summary>
public sealed class ScorerBinding
{
    private readonly BundleScorer _owner;
    private readonly List<ModelColumn> _columns;
    private readonly int[] _positions;
    private readonly bool _identity;
    private readonly ConcurrentBag<IChunkScorer> _pool = [];

    internal ScorerBinding(BundleScorer owner, List<ModelColumn> columns, List<int> positions, IChunkScorer first, bool pooled)
    {
        _owner = owner;
        _columns = columns;
        _positions = [.. positions];
        _identity = _positions.Select((p, i) => p == i).All(same => same);
        IsPooled = pooled;
        _pool.Add(first);
    }

    /// <summary>Whether the binding keeps its chunk scorers for the next call (remembered by its scorer) or releases them after each.</summary>
    internal bool IsPooled { get; }

    /// <summary>The values of a prediction.</summary>
    public IReadOnlyList<ModelColumn> Outputs => _owner.Outputs;

    /// <summary>Scores rows given in the bound column order.</summary>
    /// <param name="rows">The rows, one text value per bound column name (<see langword="null"/> or a short row: missing).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The predictions, one typed array per output column.</returns>
    /// <exception cref="SchemaViolationException">A column the model needs is missing.</exception>
    public ScoredColumns Score(IReadOnlyList<string?[]> rows, CancellationToken cancellationToken)
    {
        var values = rows;
        if (!InModelOrder(rows))
        {
            var projected = new string?[rows.Count][];
            for (var r = 0; r < rows.Count; r++)
            {
                projected[r] = Project(rows[r]);
            }

            values = projected;
        }

        var scored = new ScoredColumns(_owner.Outputs, rows.Count);
        var scorer = _pool.TryTake(out var free) ? free : _owner.CreateChunkScorer(_columns);
        try
        {
            scorer.Score(values, scored, cancellationToken);
        }
        finally
        {
            if (IsPooled)
            {
                _pool.Add(scorer);
            }
            else
            {
                scorer.Dispose();
            }
        }

        return scored;
    }

    /// <summary>Releases the pooled chunk scorers (the owning scorer's <see cref="BundleScorer.Dispose()"/>).</summary>
    internal void Release()
    {
        while (_pool.TryTake(out var scorer))
        {
            scorer.Dispose();
        }
    }

    /// <summary>Whether the rows already hold exactly the model's columns in its order (clients often send them so), and need no projection.</summary>
    private bool InModelOrder(IReadOnlyList<string?[]> rows)
    {
        if (!_identity)
        {
            return false;
        }

        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r].Length != _positions.Length)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The row's values in the model's column order.</summary>
    private string?[] Project(string?[] row)
    {
        var projected = new string?[_positions.Length];
        for (var i = 0; i < projected.Length; i++)
        {
            var p = _positions[i];
            projected[i] = p < row.Length ? row[p] : null;
        }

        return projected;
    }
}
