namespace Mlmax.Execution;

/// <summary>Remote data fetched for an input binding (see <see cref="IRemoteInputs"/>).</summary>
/// <param name="Path">The local file or directory holding it.</param>
/// <param name="Source">
/// What the run records as the binding's source: the URL and what identifies the version read, e.g.
/// <c>s3://bucket/drops/a.csv (ETag "9b2cf535f27731c974343645a3985328")</c>.
/// </param>
public sealed record FetchedInput(string Path, string Source);
