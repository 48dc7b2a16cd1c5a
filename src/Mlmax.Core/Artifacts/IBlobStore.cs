namespace Mlmax.Artifacts;

/// <summary>
/// The byte layer under the artifact store: a flat namespace of immutable blobs. Backends (local disk, S3) implement
/// only these primitives; hashing, verification and trees live above it in <see cref="ArtifactStore"/>.
/// </summary>
public interface IBlobStore
{
    /// <summary>A human-readable location, e.g. a directory or a bucket URL.</summary>
    string Location { get; }

    /// <summary>Whether a blob exists.</summary>
    /// <param name="key">The blob's key (see <see cref="BlobKey"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when it exists.</returns>
    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);

    /// <summary>Writes a blob atomically: readers see all of it or nothing. Writing an existing key is a no-op.</summary>
    /// <param name="key">The blob's key.</param>
    /// <param name="content">The bytes, read to the end.</param>
    /// <param name="cancellationToken">Cancels the call; nothing is left visible.</param>
    /// <returns>A task that completes when the blob is durable.</returns>
    Task PutAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>Opens a blob for reading.</summary>
    /// <param name="key">The blob's key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stream; the caller disposes it.</returns>
    /// <exception cref="FileNotFoundException">The blob does not exist.</exception>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a blob that failed verification out of the store's namespace, keeping it for inspection, so that the
    /// next write of the same content repairs the store. Does nothing when the blob is absent.
    /// </summary>
    /// <param name="key">The blob's key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Where the bad copy was kept (for the error message), or <see langword="null"/>.</returns>
    Task<string?> QuarantineAsync(string key, CancellationToken cancellationToken);
}
