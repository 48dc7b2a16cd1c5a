using System.Security.Cryptography;
using System.Text.Json;

namespace Mlmax.Artifacts;

/// <summary>
/// Content-addressed, deduplicated, immutable artifacts over any <see cref="IBlobStore"/>. An artifact is a tree of
/// files; its id is the SHA-256 of its manifest. Every read is verified against the recorded hashes.
/// </summary>
public sealed class ArtifactStore
{
    private static readonly JsonSerializerOptions ManifestOptions = new() { WriteIndented = false };

    /// <summary>Creates the store.</summary>
    /// <param name="blobs">The byte layer.</param>
    public ArtifactStore(IBlobStore blobs) => Blobs = blobs;

    /// <summary>Creates the store with a cache of input file hashes.</summary>
    /// <param name="blobs">The byte layer.</param>
    /// <param name="fileHashes">Remembers hashes of large files by size and modification time.</param>
    public ArtifactStore(IBlobStore blobs, FileHashCache? fileHashes)
    {
        Blobs = blobs;
        _fileHashes = fileHashes;
    }

    private const long CachedHashThreshold = 1 << 20;
    private readonly FileHashCache? _fileHashes;

    /// <summary>The byte layer.</summary>
    public IBlobStore Blobs { get; }

    /// <summary>Publishes every file under <paramref name="directory"/> as one artifact.</summary>
    /// <param name="directory">The directory.</param>
    /// <param name="cancellationToken">Cancels the call; a cancelled ingest leaves no visible artifact.</param>
    /// <returns>The artifact's id and manifest.</returns>
    public Task<(string Id, ArtifactTree Tree)> IngestDirectoryAsync(string directory, CancellationToken cancellationToken) =>
        IngestDirectoryAsync(directory, rememberHashes: false, cancellationToken);

    /// <summary>Publishes every file under <paramref name="directory"/> as one artifact.</summary>
    /// <param name="directory">The directory.</param>
    /// <param name="rememberHashes">Use and update the file hash cache (for user data bound as inputs, not for step outputs).</param>
    /// <param name="cancellationToken">Cancels the call; a cancelled ingest leaves no visible artifact.</param>
    /// <returns>The artifact's id and manifest.</returns>
    public async Task<(string Id, ArtifactTree Tree)> IngestDirectoryAsync(string directory, bool rememberHashes, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(directory);
        var files = new List<ArtifactFile>();
        foreach (var path in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                     .Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
            files.Add(await PutFileAsync(path, relative, rememberHashes, cancellationToken));
        }

        return await PutTreeAsync(new ArtifactTree(files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList()), cancellationToken);
    }

    /// <summary>Publishes one file (user data) as an artifact holding just that file, under <paramref name="name"/>; large files' hashes are remembered.</summary>
    /// <param name="file">The file.</param>
    /// <param name="name">Its name inside the artifact (default: the file's name).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The artifact's id and manifest.</returns>
    public Task<(string Id, ArtifactTree Tree)> IngestFileAsync(string file, string? name, CancellationToken cancellationToken) =>
        IngestFileAsync(file, name, rememberHashes: true, cancellationToken);

    /// <summary>Publishes one file as an artifact holding just that file, under <paramref name="name"/>.</summary>
    /// <param name="file">The file.</param>
    /// <param name="name">Its name inside the artifact (default: the file's name).</param>
    /// <param name="rememberHashes">Use and update the file hash cache (not for scratch copies, which are deleted after).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The artifact's id and manifest.</returns>
    public async Task<(string Id, ArtifactTree Tree)> IngestFileAsync(string file, string? name, bool rememberHashes, CancellationToken cancellationToken)
    {
        var entry = await PutFileAsync(file, name ?? Path.GetFileName(file), rememberHashes, cancellationToken);
        return await PutTreeAsync(new ArtifactTree([entry]), cancellationToken);
    }

    /// <summary>Whether the artifact's manifest and every file exist.</summary>
    /// <param name="id">The artifact id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when complete.</returns>
    public async Task<bool> ExistsAsync(string id, CancellationToken cancellationToken)
    {
        if (!await Blobs.ExistsAsync(BlobKey.ForTree(ArtifactId.Hex(id)), cancellationToken))
        {
            return false;
        }

        var tree = await ReadTreeAsync(id, cancellationToken);
        foreach (var f in tree.Files)
        {
            if (!await Blobs.ExistsAsync(BlobKey.ForFile(f.Sha256), cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads and verifies an artifact's manifest.</summary>
    /// <param name="id">The artifact id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="ArtifactIntegrityException">The manifest does not hash to <paramref name="id"/>.</exception>
    public async Task<ArtifactTree> ReadTreeAsync(string id, CancellationToken cancellationToken)
    {
        var hex = ArtifactId.Hex(id);
        byte[] bytes;
        await using (var stream = await Blobs.OpenReadAsync(BlobKey.ForTree(hex), cancellationToken))
        using (var buffer = new MemoryStream())
        {
            await stream.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.ToArray();
        }

        if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != hex)
        {
            var kept = await Blobs.QuarantineAsync(BlobKey.ForTree(hex), CancellationToken.None);
            throw new ArtifactIntegrityException(
                $"artifact {id}: manifest does not match its hash (tampered or truncated) in {Blobs.Location}; the bad copy was moved to {kept}: re-run the step that produced it");
        }

        var tree = JsonSerializer.Deserialize<ArtifactTree>(bytes, ManifestOptions)
            ?? throw new ArtifactIntegrityException($"artifact {id}: empty manifest");
        foreach (var f in tree.Files)
        {
            ValidateRelativePath(f.Path, id);
        }

        return tree;
    }

    /// <summary>Copies an artifact's files into <paramref name="targetDirectory"/>, verifying each file's hash.</summary>
    /// <param name="id">The artifact id.</param>
    /// <param name="targetDirectory">Where to write (created if needed).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="ArtifactIntegrityException">A file does not match its hash; the bad copy is deleted.</exception>
    public async Task<ArtifactTree> MaterializeAsync(string id, string targetDirectory, CancellationToken cancellationToken)
    {
        var tree = await ReadTreeAsync(id, cancellationToken);
        var root = Path.GetFullPath(targetDirectory);
        Directory.CreateDirectory(root);
        foreach (var f in tree.Files)
        {
            var target = Path.GetFullPath(Path.Combine(root, f.Path));
            if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new ArtifactIntegrityException($"artifact {id}: file path '{f.Path}' escapes the target directory");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await CopyVerifiedAsync(id, f, target, cancellationToken);
        }

        return tree;
    }

    private async Task CopyVerifiedAsync(string id, ArtifactFile file, string target, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        await using (var source = await Blobs.OpenReadAsync(BlobKey.ForFile(file.Sha256), cancellationToken))
        await using (var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                size += read;
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        if (size != file.Size || Convert.ToHexStringLower(hash.GetHashAndReset()) != file.Sha256)
        {
            File.Delete(target);

            // Content-addressed: the bad copy can never be right. Moving it aside (kept as evidence) lets a re-run repair the store.
            var kept = await Blobs.QuarantineAsync(BlobKey.ForFile(file.Sha256), CancellationToken.None);
            throw new ArtifactIntegrityException(
                $"artifact {id}: file '{file.Path}' does not match its recorded hash (tampered or truncated blob {file.Sha256} in {Blobs.Location}); the bad copy was moved to {kept}: re-run the step that produced it (--no-cache)");
        }
    }

    private async Task<ArtifactFile> PutFileAsync(string path, string relative, bool remember, CancellationToken cancellationToken)
    {
        ValidateRelativePath(relative, path);
        var size = new FileInfo(path).Length;
        var cache = remember && size >= CachedHashThreshold ? _fileHashes : null;
        var remembered = cache?.TryGet(path);
        string hex;
        if (remembered is not null && await Blobs.ExistsAsync(BlobKey.ForFile(remembered), cancellationToken))
        {
            return new ArtifactFile(relative, remembered, size);
        }

        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true))
        {
            hex = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
            size = stream.Length;
        }

        var key = BlobKey.ForFile(hex);
        if (!await Blobs.ExistsAsync(key, cancellationToken))
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await Blobs.PutAsync(key, stream, cancellationToken);
        }

        cache?.Put(path, hex);

        return new ArtifactFile(relative, hex, size);
    }

    private async Task<(string Id, ArtifactTree Tree)> PutTreeAsync(ArtifactTree tree, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(tree, ManifestOptions);
        var hex = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var key = BlobKey.ForTree(hex);
        if (!await Blobs.ExistsAsync(key, cancellationToken))
        {
            using var stream = new MemoryStream(bytes);
            await Blobs.PutAsync(key, stream, cancellationToken);
        }

        return (ArtifactId.Prefix + hex, tree);
    }

    private static void ValidateRelativePath(string relative, string context)
    {
        if (relative.Length == 0 || relative.StartsWith('/') || relative.Contains('\\', StringComparison.Ordinal)
            || relative.Split('/').Any(s => s is "" or "." or ".."))
        {
            throw new ArtifactIntegrityException($"{context}: artifact file path '{relative}' is not a plain relative path");
        }
    }
}
