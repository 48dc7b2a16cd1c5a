namespace Mlmax.Scoring.Formats;

/// <summary>
/// Where predictions go, chunk by chunk and in input order. <see cref="Prepare"/> runs on the scoring threads (it
/// formats a chunk: CSV text, Parquet columns); <see cref="Write"/> runs on one thread, in order.
/// </summary>
public interface IPredictionWriter : IDisposable
{
    /// <summary>Writes the header (CSV) or fixes the schema (Parquet).</summary>
    /// <param name="idColumn">The id column's name (<c>row_id</c> when rows are numbered).</param>
    /// <param name="numbered">Whether ids are row numbers (<see cref="Batch.ScoredChunk.FirstRow"/> on) rather than an input column's values.</param>
    /// <param name="outputs">The prediction's columns.</param>
    void Start(string idColumn, bool numbered, IReadOnlyList<ModelColumn> outputs);

    /// <summary>Formats a chunk; thread-safe.</summary>
    /// <param name="chunk">The chunk's ids and predictions.</param>
    /// <returns>What <see cref="Write"/> takes.</returns>
    object Prepare(Batch.ScoredChunk chunk);

    /// <summary>Writes a prepared chunk.</summary>
    /// <param name="prepared">From <see cref="Prepare"/>.</param>
    void Write(object prepared);

    /// <summary>Writes whatever is buffered and ends the file.</summary>
    void Complete();
}
