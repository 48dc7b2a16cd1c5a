namespace Mlmax.Metadata;

/// <summary>
/// One segment of a served model's request log, as indexed in the metadata store: a gzip JSON Lines artifact holding
/// the sampled rows one model version scored between two times.
/// </summary>
/// <param name="ArtifactId">The segment's artifact (its content hash).</param>
/// <param name="Model">The model's name.</param>
/// <param name="Version">The version that scored the rows.</param>
/// <param name="FirstAt">When the first row was scored (UTC).</param>
/// <param name="LastAt">When the last row was scored (UTC).</param>
/// <param name="Rows">How many rows the segment holds.</param>
/// <param name="CreatedAt">When the segment was written.</param>
public sealed record RequestLogSegment(string ArtifactId, string Model, int Version, DateTimeOffset FirstAt, DateTimeOffset LastAt, long Rows, DateTimeOffset CreatedAt);
