namespace Mlmax.Scoring.Batch;

/// <summary>A run of consecutive rows scored together: their ids and predictions.</summary>
/// <param name="FirstRow">The number of the chunk's first row (from 0, across the whole input).</param>
/// <param name="Ids">The id column's values, or <see langword="null"/> when rows are numbered.</param>
/// <param name="Scored">The predictions.</param>
public sealed record ScoredChunk(long FirstRow, string?[]? Ids, ScoredColumns Scored)
{
    /// <summary>The rows in the chunk.</summary>
    public int Count => Scored.Count;
}
