namespace Mlmax.Scoring;

/// <summary>
/// The predictions for a run of rows, column by column: one typed array per output column (<c>float[]</c>,
/// <c>bool[]</c>, ...), reused from chunk to chunk so scoring allocates nothing per row.
/// </summary>
public sealed class ScoredColumns
{
    /// <summary>Creates columns with room for <paramref name="capacity"/> rows.</summary>
    /// <param name="outputs">The output columns.</param>
    /// <param name="capacity">The most rows they hold.</param>
    public ScoredColumns(IReadOnlyList<ModelColumn> outputs, int capacity)
    {
        Outputs = outputs;
        Columns = outputs.Select(o => Array.CreateInstance(o.Type, capacity)).ToArray();
        Capacity = capacity;
    }

    /// <summary>The output columns.</summary>
    public IReadOnlyList<ModelColumn> Outputs { get; }

    /// <summary>One array per output column; the first <see cref="Count"/> elements hold values.</summary>
    public IReadOnlyList<Array> Columns { get; }

    /// <summary>The most rows the arrays hold.</summary>
    public int Capacity { get; }

    /// <summary>The rows held.</summary>
    public int Count { get; internal set; }

    /// <summary>One row's values, boxed (for JSON answers; batch writers read <see cref="Columns"/>).</summary>
    /// <param name="row">The row, below <see cref="Count"/>.</param>
    /// <returns>The values, one per output column.</returns>
    public object?[] Row(int row)
    {
        var values = new object?[Columns.Count];
        for (var c = 0; c < values.Length; c++)
        {
            values[c] = Columns[c].GetValue(row);
        }

        return values;
    }
}
