namespace Mlmax.Monitoring.Labels;

/// <summary>The quality of the predictions made in one time bucket.</summary>
/// <param name="Start">The bucket's first instant (UTC).</param>
/// <param name="Metrics">The metrics of its matched rows.</param>
public sealed record BucketMetrics(DateTimeOffset Start, BinaryMetrics Metrics);
