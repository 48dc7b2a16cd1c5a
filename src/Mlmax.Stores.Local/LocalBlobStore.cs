using Mlmax.Artifacts;

namespace Mlmax.Stores.Local;

/// <summary>Blobs as files under one directory. Writes go to a temporary file, are flushed, then renamed into place.</summary>
public sealed class LocalBlobStore : IBlobStore
{
    private readonly string _root;
    private readonly string _staging;

    /// <summary>Creates the store, creating <paramref name="root"/> if needed.</summary>
    /// <param name="root">The directory holding the blobs.</param>
    public LocalBlobStore(string root)
    {
        _root = Path.GetFullPath(root);
        _staging = Path.Combine(_root, "staging");
        Directory.CreateDirectory(_staging);
    }

    /// <inheritdoc/>
    public string Location => _root;

    /// <inheritdoc/>
    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(key)));

    /// <inheritdoc/>
    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var target = PathOf(key);
        if (File.Exists(target))
        {
            return;
        }

        var temp = Path.Combine(_staging, $"{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await content.CopyToAsync(output, 1 << 16, cancellationToken);
                await output.FlushAsync(cancellationToken);
                output.Flush(flushToDisk: true);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <inheritdoc/>
    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        return File.Exists(path)
            ? Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
            : throw new FileNotFoundException($"blob '{key}' is missing from {_root}", path);
    }

    /// <inheritdoc/>
    public Task<string?> QuarantineAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return Task.FromResult<string?>(null);
        }

        var target = Path.Combine(_root, "quarantine", $"{key.Replace('/', '_')}.{DateTime.UtcNow:yyyyMMddHHmmssfff}.{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(path, target);
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<string?>(null); // another reader moved it first
        }

        return Task.FromResult<string?>(target);
    }

    private string PathOf(string key)
    {
        BlobKey.Validate(key);
        var full = Path.GetFullPath(Path.Combine(_root, key));
        return full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : throw new ArgumentException($"blob key '{key}' escapes the store {_root}", nameof(key));
    }
}
