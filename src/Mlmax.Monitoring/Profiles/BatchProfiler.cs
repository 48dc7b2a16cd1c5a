using Mlmax.Monitoring.Baselines;
using Mlmax.Scoring;
using Mlmax.Scoring.Formats;

namespace Mlmax.Monitoring.Profiles;

/// <summary>
/// Profiles a table against a baseline in one streaming pass: a CSV or Parquet file, or a directory of them read as
/// one table, through the readers <c>mlmax predict</c> uses. Use it on the scored input with the bundle's feature
/// baseline, and on the predictions file with its prediction baseline.
/// </summary>
/// <example>
/// <code>
/// var baseline = Baseline.Read("bundle/baseline/baseline.json", "bundle/schema/schema.json");
/// var profile = await BatchProfiler.ProfileAsync("data/batch.csv", baseline);
/// var report = DriftAnalyzer.Analyze(baseline, profile, DriftThresholds.Default);
/// </code>
/// </example>
public static class BatchProfiler
{
    /// <summary>Profiles a table file, or a directory of them, on a background thread.</summary>
    /// <param name="path">A <c>.csv</c> or <c>.parquet</c> file, or a directory of them.</param>
    /// <param name="baseline">The baseline to measure against.</param>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="SchemaViolationException">The table cannot be read (an empty file, a short row, a directory without tables).</exception>
    public static Task<BatchProfile> ProfileAsync(string path, Baseline baseline, CancellationToken cancellationToken = default) =>
        Task.Run(
            () =>
            {
                using var reader = TableFiles.OpenRead(path);
                return Profile(reader, baseline, cancellationToken);
            },
            cancellationToken);

    /// <summary>Profiles the rest of an open table.</summary>
    /// <param name="reader">The table.</param>
    /// <param name="baseline">The baseline to measure against.</param>
    /// <param name="cancellationToken">Cancels the pass (checked every 4,096 rows).</param>
    /// <returns>The profile.</returns>
    /// <exception cref="SchemaViolationException">A row cannot be read.</exception>
    public static BatchProfile Profile(ITableReader reader, Baseline baseline, CancellationToken cancellationToken = default)
    {
        var builder = new BatchProfileBuilder(baseline, reader.Header, reader.Source);
        while (reader.Read() is { } row)
        {
            if ((builder.Rows & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            builder.Add(row);
        }

        return builder.Build();
    }
}
