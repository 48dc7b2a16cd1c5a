using Mlmax.Artifacts;
using Mlmax.Registry;
using Mlmax.Scoring;
using Mlmax.Scoring.Schema;

namespace Mlmax.Serving.Models;

/// <summary>Model versions from a registry, their bundles from an artifact store, every byte verified on load.</summary>
/// <param name="registry">The model registry.</param>
/// <param name="artifacts">The artifact store holding the bundles.</param>
/// <param name="cacheDirectory">Where bundles are materialized while loading (each load in its own folder, deleted after).</param>
/// <param name="timeProvider">The clock.</param>
public sealed class RegistryModelSource(IModelRegistry registry, ArtifactStore artifacts, string cacheDirectory, TimeProvider timeProvider) : IModelSource
{
    /// <inheritdoc/>
    public Task<ModelVersionRecord?> ResolveAsync(ModelReference reference, CancellationToken cancellationToken) =>
        registry.ResolveAsync(reference, cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="ArtifactIntegrityException">The bundle does not match its hashes.</exception>
    /// <exception cref="InvalidOperationException">The model cannot score, or its <c>schema.json</c> is not valid or does not fit the model.</exception>
    public async Task<ServedModel> LoadAsync(ModelVersionRecord version, CancellationToken cancellationToken)
    {
        BundleScorer scorer;
        InputSchemaGuard? guard;
        using (var bundle = await BundleFiles.LoadAsync(artifacts, version, cacheDirectory, cancellationToken))
        {
            // ML.NET and the schema reader read their files whole, so the materialized copies can go as soon as they are loaded.
            try
            {
                scorer = BundleScorer.Load(bundle);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidOperationException(e.Message, e);
            }

            try
            {
                guard = InputSchemaGuard.FromBundle(bundle);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidOperationException($"{version.Reference}: the bundle's training schema cannot be read: {e.Message}", e);
            }
        }

        return ModelInspector.Inspect(version, scorer, guard, timeProvider.GetUtcNow());
    }
}
