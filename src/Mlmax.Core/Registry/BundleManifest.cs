using System.Text.Json;
using Mlmax.Artifacts;

namespace Mlmax.Registry;

/// <summary>The manifest of a model bundle, read only after its artifact's hash is verified.</summary>
public static class BundleManifest
{
    /// <summary>The manifest's file name inside its artifact.</summary>
    public const string FileName = "bundle.json";

    /// <summary>Reads and verifies a version's manifest, and checks that it names exactly the components the registry recorded.</summary>
    /// <param name="artifacts">The artifact store.</param>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The manifest as JSON.</returns>
    /// <exception cref="ArtifactIntegrityException">The manifest or a component does not verify.</exception>
    public static async Task<JsonElement> ReadVerifiedAsync(ArtifactStore artifacts, ModelVersionRecord version, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "mlmax-manifest-" + Guid.NewGuid().ToString("N"));
        try
        {
            await artifacts.MaterializeAsync(version.BundleArtifact, directory, cancellationToken);
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, FileName), cancellationToken));
            var root = doc.RootElement.Clone();
            foreach (var (role, id) in version.Components)
            {
                var recorded = root.GetProperty("components").TryGetProperty(role, out var c) ? c.GetProperty("artifact").GetString() : null;
                if (recorded != id)
                {
                    throw new ArtifactIntegrityException($"{version.Reference}: bundle manifest names {recorded ?? "nothing"} for '{role}', the registry {id}");
                }

                await artifacts.ReadTreeAsync(id, cancellationToken);
            }

            return root;
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
