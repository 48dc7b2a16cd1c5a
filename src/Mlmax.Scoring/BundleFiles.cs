using Mlmax.Artifacts;
using Mlmax.Registry;

namespace Mlmax.Scoring;

/// <summary>A model version's bundle materialized on local disk, every file verified against its hash on the way.</summary>
/// <param name="Version">The version.</param>
/// <param name="Directories">Bundle role to the directory holding its files.</param>
public sealed record BundleFiles(ModelVersionRecord Version, IReadOnlyDictionary<string, string> Directories) : IDisposable
{
    /// <summary>Where this load's files are; deleted on dispose.</summary>
    public string? Root { get; init; }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Root is not null && Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    /// <summary>The one file of a role.</summary>
    /// <param name="role">The role (e.g. <c>model</c>).</param>
    /// <returns>The file's path.</returns>
    /// <exception cref="InvalidOperationException">The role is missing or holds several files.</exception>
    public string File(string role)
    {
        if (!Directories.TryGetValue(role, out var dir))
        {
            throw new InvalidOperationException($"{Version.Reference}: the bundle has no '{role}' (roles: {string.Join(", ", Directories.Keys)})");
        }

        var files = Directory.GetFiles(dir, "*", SearchOption.AllDirectories);
        return files.Length == 1 ? files[0] : throw new InvalidOperationException($"{Version.Reference}: bundle role '{role}' holds {files.Length} files, expected one");
    }

    /// <summary>The one file of an optional role.</summary>
    /// <param name="role">The role (e.g. <c>schema</c>).</param>
    /// <returns>The file's path, or <see langword="null"/> when the bundle has no such role.</returns>
    /// <exception cref="InvalidOperationException">The role holds several files.</exception>
    public string? TryFile(string role) => Directories.ContainsKey(role) ? File(role) : null;

    /// <summary>Verifies a version's manifest and components and materializes them under <paramref name="cacheDirectory"/>.</summary>
    /// <param name="artifacts">The artifact store.</param>
    /// <param name="version">The version.</param>
    /// <param name="cacheDirectory">Under which this load gets a private folder (deleted on dispose), so concurrent loads never share files.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The bundle's files.</returns>
    /// <exception cref="ArtifactIntegrityException">The manifest or a file does not match its hash; nothing is loaded.</exception>
    public static async Task<BundleFiles> LoadAsync(ArtifactStore artifacts, ModelVersionRecord version, string cacheDirectory, CancellationToken cancellationToken)
    {
        await BundleManifest.ReadVerifiedAsync(artifacts, version, cancellationToken);
        var root = Path.Combine(cacheDirectory, $"{version.Name}-{version.Version}-{Guid.NewGuid():N}");
        var directories = new SortedDictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var (role, id) in version.Components)
            {
                var target = Path.Combine(root, role);
                await artifacts.MaterializeAsync(id, target, cancellationToken);
                directories[role] = target;
            }
        }
        catch
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }

            throw;
        }

        return new BundleFiles(version, directories) { Root = root };
    }
}
