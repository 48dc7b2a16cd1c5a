namespace Mlmax.Execution;

/// <summary>
/// Reads input bindings that name data in S3 (<c>s3://BUCKET/KEY</c>) into a local folder, where the planner ingests
/// them as it does local files and directories. Objects are streamed to disk, never held in memory.
/// </summary>
public interface IRemoteInputs
{
    /// <summary>
    /// Fetches one object into <paramref name="directory"/>, under the last segment of its key. A URL naming a prefix
    /// (ending in <c>/</c>, or with no object at the key) that holds exactly one object fetches that object.
    /// </summary>
    /// <param name="url">The <c>s3://BUCKET/KEY</c> URL.</param>
    /// <param name="directory">An empty local directory of the caller's, created if missing.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The local file and what the binding records as its source.</returns>
    /// <exception cref="RemoteInputException">No such object, a prefix of several objects, no access, or S3 not configured.</exception>
    Task<FetchedInput> FetchFileAsync(string url, string directory, CancellationToken cancellationToken);

    /// <summary>
    /// Fetches every object under a prefix (the URL with a trailing <c>/</c>) into <paramref name="directory"/>, laid
    /// out by its key relative to the prefix, at any depth.
    /// </summary>
    /// <param name="url">The <c>s3://BUCKET/PREFIX</c> URL.</param>
    /// <param name="directory">An empty local directory of the caller's, created if missing.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><paramref name="directory"/> and what the binding records as its source.</returns>
    /// <exception cref="RemoteInputException">
    /// No object under the prefix, a key that would land outside the folder (<c>..</c>, <c>.</c> or empty segments),
    /// no access, or S3 not configured.
    /// </exception>
    Task<FetchedInput> FetchDirectoryAsync(string url, string directory, CancellationToken cancellationToken);
}
