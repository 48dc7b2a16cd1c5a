using System.Text.Json;
using Mlmax.Artifacts;

namespace Mlmax.Registry;

/// <summary>
/// A model version taken out of its project: a folder holding <c>version.json</c> (the version's record) and
/// <c>store/</c>, the blobs of its bundle manifest and components in an artifact store's layout. Nothing is
/// re-hashed or re-packed on the way, so the version's artifact ids stay what they were and every file is verified
/// against them when the folder is read (<see cref="ExportedModelRegistry"/>). This is how a model version reaches a
/// SageMaker job.
/// </summary>
public static class ModelExport
{
    /// <summary>The record's file name.</summary>
    public const string VersionFile = "version.json";

    /// <summary>The store's folder name.</summary>
    public const string StoreDirectory = "store";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Exports a version.</summary>
    /// <param name="artifacts">The store holding its bundle.</param>
    /// <param name="version">The version.</param>
    /// <param name="target">The folder to write (created; must not hold an earlier export).</param>
    /// <param name="createStore">Creates the blob store under a folder (a local-disk store).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many blobs were copied.</returns>
    /// <exception cref="ArtifactIntegrityException">A manifest in the source store does not match its hash.</exception>
    public static async Task<int> ExportAsync(
        ArtifactStore artifacts,
        ModelVersionRecord version,
        string target,
        Func<string, IBlobStore> createStore,
        CancellationToken cancellationToken)
    {
        await BundleManifest.ReadVerifiedAsync(artifacts, version, cancellationToken);
        Directory.CreateDirectory(target);
        var store = createStore(Path.Combine(target, StoreDirectory));
        var copied = 0;
        foreach (var id in version.Components.Values.Prepend(version.BundleArtifact).Distinct(StringComparer.Ordinal))
        {
            var tree = await artifacts.ReadTreeAsync(id, cancellationToken);
            var keys = tree.Files.Select(f => BlobKey.ForFile(f.Sha256)).Prepend(BlobKey.ForTree(ArtifactId.Hex(id)));
            foreach (var key in keys)
            {
                await using var source = await artifacts.Blobs.OpenReadAsync(key, cancellationToken);
                await store.PutAsync(key, source, cancellationToken);
                copied++;
            }
        }

        var record = version with { Aliases = [], Archived = false };
        await File.WriteAllTextAsync(Path.Combine(target, VersionFile), JsonSerializer.Serialize(record, Indented), cancellationToken);
        return copied;
    }
}
