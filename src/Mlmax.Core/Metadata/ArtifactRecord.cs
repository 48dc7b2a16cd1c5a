namespace Mlmax.Metadata;

/// <summary>An artifact known to the metadata store.</summary>
/// <param name="Id">Its content id.</param>
/// <param name="Size">Total bytes.</param>
/// <param name="FileCount">Number of files.</param>
/// <param name="CreatedAt">When it was first recorded.</param>
public sealed record ArtifactRecord(string Id, long Size, int FileCount, DateTimeOffset CreatedAt);

/// <summary>A use of an artifact by a step run.</summary>
/// <param name="StepRunId">The step run (<c>RUN/STEP</c>).</param>
/// <param name="Name">The input or output name.</param>
/// <param name="ArtifactId">The artifact.</param>
/// <param name="Role"><c>input</c> or <c>output</c>.</param>
public sealed record ArtifactUse(string StepRunId, string Name, string ArtifactId, string Role);
