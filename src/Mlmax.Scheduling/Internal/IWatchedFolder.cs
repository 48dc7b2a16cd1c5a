namespace Mlmax.Scheduling.Internal;

/// <summary>What a watch lists: a local directory or an S3 prefix.</summary>
internal interface IWatchedFolder
{
    /// <summary>Whether a file may be seen while it is still being written (local files), so it is taken only once it was the same at two polls.</summary>
    bool NeedsSettling { get; }

    /// <summary>The files directly under the folder whose names match the pattern, by name.</summary>
    Task<IReadOnlyList<WatchedFile>> ListAsync(string pattern, CancellationToken cancellationToken);

    /// <summary>A local path of the file: the file itself, or a copy fetched into <paramref name="directory"/>.</summary>
    Task<string> LocalPathAsync(WatchedFile file, string directory, CancellationToken cancellationToken);
}
