namespace Mlmax.Monitoring.Labels;

/// <summary>Labels joined to predictions by id, and the model's quality on the matched rows, overall and per time bucket.</summary>
/// <param name="Labels">The labels' rows read.</param>
/// <param name="Matched">Labels whose id has a prediction.</param>
/// <param name="Unmatched">Labels whose id has none.</param>
/// <param name="Duplicates">Label rows ignored because their id came earlier in the file.</param>
/// <param name="Overall">The metrics over every matched row; <see langword="null"/> when none matched.</param>
/// <param name="Buckets">The metrics per time bucket, oldest first.</param>
/// <param name="Sources">Matched rows by where their prediction came from (<c>requests</c> or a run id).</param>
public sealed record LabelEvaluation(
    long Labels,
    long Matched,
    long Unmatched,
    long Duplicates,
    BinaryMetrics? Overall,
    IReadOnlyList<BucketMetrics> Buckets,
    IReadOnlyDictionary<string, long> Sources);
