using Mlmax.Scoring.Batch.Internal;

namespace Mlmax.Scoring.Batch;

/// <summary>
/// Spreads one predict step over several workers: <see cref="SplitAsync"/> cuts its <c>data</c> input into parts of
/// contiguous rows, <see cref="PredictStep"/> scores each part on its own, and <see cref="MergeAsync"/> joins the parts'
/// outputs, in order, into what the step writes for the whole input. Both stream, so memory does not grow with the
/// input.
/// </summary>
/// <remarks>
/// Rows keep their whole-input numbers: the merge shifts each part's <c>row_id</c> (numbered predictions, from 0) and
/// the <c>row</c> column of its <c>violations.csv</c> (the 1-based data row) by the part's first row. So
/// <c>predictions.csv</c> and <c>violations.csv</c> come out byte for byte as one run over the whole input writes them,
/// and <c>predictions.parquet</c> holds the same rows (in row groups of the same size).
/// </remarks>
/// <example>
/// <code>
/// var parts = await BatchPartitions.SplitAsync(data, 8, partsDirectory, cancellationToken);
/// // run the predict step on each part (its data input: part.Path), then, in the parts' order:
/// await BatchPartitions.MergeAsync(
///     [.. parts.Select((p, i) => new PredictedPart(predictionsOf[i], metricsOf[i], p.FirstRow))],
///     contract.Outputs["predictions"], contract.MetricsFile, idColumn, cancellationToken);
/// </code>
/// </example>
public static class BatchPartitions
{
    /// <summary>
    /// Writes the rows of a predict step's <c>data</c> input into <paramref name="parts"/> files of contiguous rows, in
    /// input order, whose row counts differ by at most one (fewer parts when there are fewer rows: one row each, or one
    /// empty part for an input without rows).
    /// </summary>
    /// <param name="dataPath">
    /// What <see cref="PredictStep"/> reads: a CSV or Parquet file, or a directory of them read in name order as one
    /// table (see <see cref="Formats.TableFiles.OpenRead"/>).
    /// </param>
    /// <param name="parts">How many parts to write, at least 1.</param>
    /// <param name="outputDirectory">Where the parts go, as <c>part-00000.csv</c>, <c>part-00001.csv</c>, ...; created if absent, and must be empty.</param>
    /// <param name="cancellationToken">Cancels the call; part files written so far are left behind.</param>
    /// <returns>The parts in input order.</returns>
    /// <remarks>
    /// CSV input gives CSV parts: the first file's header line, then each row's text as read (a row may span lines
    /// inside a quoted field), so values are not reformatted; blank lines are dropped, as scoring skips them. Input
    /// holding a Parquet file gives Parquet parts, every column nullable text holding the values exactly as
    /// <see cref="PredictStep"/> reads them (<see cref="Formats.ParquetRowReader"/>'s text form, nulls kept): a part
    /// scores as its rows do in the whole, though the columns' Parquet types are not kept. The input is read twice:
    /// once to count its rows (Parquet files from their footers), once to write the parts.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parts"/> is less than 1.</exception>
    /// <exception cref="FileNotFoundException"><paramref name="dataPath"/> is neither a file nor a directory.</exception>
    /// <exception cref="IOException"><paramref name="outputDirectory"/> is not empty.</exception>
    /// <exception cref="SchemaViolationException">
    /// The input cannot be read as one table: a directory without tables, an empty CSV file, files whose columns differ,
    /// a quoted field never closed, an unreadable Parquet file.
    /// </exception>
    public static Task<IReadOnlyList<BatchPart>> SplitAsync(string dataPath, int parts, string outputDirectory, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataPath);
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        if (!File.Exists(dataPath) && !Directory.Exists(dataPath))
        {
            throw new FileNotFoundException($"{dataPath}: no such file or directory; the data to split is a CSV or Parquet file, or a directory of them", dataPath);
        }

        if (Directory.Exists(outputDirectory) && Directory.EnumerateFileSystemEntries(outputDirectory).Any())
        {
            throw new IOException($"{outputDirectory} is not empty; parts are written to an empty directory so that none is mistaken for another split's");
        }

        return Task.Run(() => TableSplitter.Split(dataPath, parts, outputDirectory, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Writes into <paramref name="outputDirectory"/> and <paramref name="metricsFile"/> what <see cref="PredictStep"/>
    /// writes for the whole input, from its outputs for the parts: the predictions file, <c>violations.csv</c> when the
    /// parts have one, and the metrics.
    /// </summary>
    /// <param name="parts">Every part's outputs, in input order, each from a succeeded predict step.</param>
    /// <param name="outputDirectory">The whole step's <c>predictions</c> output; created if absent, its files replaced.</param>
    /// <param name="metricsFile">Where the whole step's metrics go (its contract's <c>metrics_file</c>).</param>
    /// <param name="idColumn">
    /// The step's <c>id_column</c> parameter: <see langword="null"/> or empty when rows are numbered as <c>row_id</c>
    /// (then shifted by each part's first row), otherwise the column whose values are copied as they are.
    /// </param>
    /// <param name="cancellationToken">Cancels the call; the output is then incomplete.</param>
    /// <returns>The metrics written (see <see cref="CombineMetrics"/>).</returns>
    /// <remarks>
    /// CSV files keep one header, which must be the same in every part; their rows are copied as text, only the row
    /// numbers rewritten. Parquet predictions must have the same columns in every part and are rewritten in row groups
    /// of the predict step's size. Each part is checked against its metrics: its <c>rows_scored</c> must be the rows in
    /// its predictions and bring the row count to the next part's first row, so a missing, repeated or misordered part
    /// is an error rather than wrong row numbers.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="parts"/> is empty.</exception>
    /// <exception cref="InvalidDataException">
    /// The parts do not fit together: a file or metrics missing, predictions in different formats, headers or columns
    /// that differ, a first column that is not the expected id, parts out of order; the message names the file.
    /// </exception>
    public static Task<IReadOnlyDictionary<string, double>> MergeAsync(
        IReadOnlyList<PredictedPart> parts,
        string outputDirectory,
        string metricsFile,
        string? idColumn,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        ArgumentException.ThrowIfNullOrEmpty(metricsFile);
        if (parts.Count == 0)
        {
            throw new ArgumentException("there is no part to merge; a split writes at least one", nameof(parts));
        }

        return Task.Run(() => PredictionsMerger.Merge(parts, outputDirectory, metricsFile, idColumn is { Length: > 0 } ? idColumn : null, cancellationToken), cancellationToken);
    }

    /// <summary>Combines the metrics of the parts' predict steps into the whole step's.</summary>
    /// <param name="parts">Each part's metrics, as <see cref="PredictStep"/> writes them; the same names in every part.</param>
    /// <returns>
    /// The same names in the same order: <c>rows_scored</c>, <c>schema_violations</c> and <c>rows_with_violations</c>
    /// summed; <c>rows_per_second</c> the rate of one scorer, the rows over the parts' summed scoring time (each part's
    /// <c>rows_scored / rows_per_second</c>), rounded. That is comparable with one run's rate whatever the number of
    /// workers; the rate of the whole fleet depends on when the parts ran, which the executor knows, not the parts.
    /// </returns>
    /// <exception cref="InvalidDataException">A part lacks a metric another has, or has one that is not a predict step's.</exception>
    public static IReadOnlyDictionary<string, double> CombineMetrics(IReadOnlyList<IReadOnlyDictionary<string, double>> parts) =>
        PredictMetrics.Combine(parts, i => $"part {i + 1}");
}
