namespace Mlmax.Scoring;

/// <summary>
/// A model bound to one layout of input columns, scoring runs of rows. Not thread-safe: a scorer keeps its own
/// buffers (an ML.NET row mapper, ONNX tensors), so each thread takes one from a pool.
/// </summary>
internal interface IChunkScorer : IDisposable
{
    /// <summary>Scores <paramref name="rows"/> (text values in the layout's column order, <see langword="null"/> for missing) into <paramref name="into"/>.</summary>
    void Score(IReadOnlyList<string?[]> rows, ScoredColumns into, CancellationToken cancellationToken);
}
