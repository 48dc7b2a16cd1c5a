using System.Text.Json;
using Mlmax.Artifacts;
using Mlmax.Execution;
using Mlmax.Metadata;
using Mlmax.Specs;

namespace Mlmax.Registry;

/// <summary>Turns a successful training run into a registered model version: writes its bundle manifest as an artifact and records it.</summary>
public sealed class ModelRegistrar
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly IMetadataStore _metadata;
    private readonly IModelRegistry _registry;
    private readonly ArtifactStore _artifacts;
    private readonly TimeProvider _time;

    /// <summary>Creates the registrar.</summary>
    /// <param name="metadata">Runs and step runs.</param>
    /// <param name="registry">The registry.</param>
    /// <param name="artifacts">The artifact store.</param>
    /// <param name="time">The clock.</param>
    public ModelRegistrar(IMetadataStore metadata, IModelRegistry registry, ArtifactStore artifacts, TimeProvider time)
    {
        _metadata = metadata;
        _registry = registry;
        _artifacts = artifacts;
        _time = time;
    }

    /// <summary>Registers a version of <paramref name="model"/> from a succeeded run; a bundle identical to an existing version's is not registered again.</summary>
    /// <param name="run">The training run.</param>
    /// <param name="model">Which outputs form the bundle.</param>
    /// <param name="who">The user.</param>
    /// <param name="why">The reason.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new version, or the existing version with the very same components.</returns>
    /// <exception cref="InvalidOperationException">The run did not succeed or lacks a bundle output.</exception>
    public async Task<ModelVersionRecord> RegisterAsync(RunRecord run, ModelSpec model, string who, string? why, CancellationToken cancellationToken)
    {
        if (run.Status != RunStatus.Succeeded)
        {
            throw new InvalidOperationException($"run {run.Id} is {run.Status.ToString().ToLowerInvariant()}: only a succeeded run can be registered");
        }

        var missing = ModelSpec.RequiredRoles.Where(r => !model.Bundle.ContainsKey(r)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"a bundle needs the roles {string.Join(", ", ModelSpec.RequiredRoles)}; missing: {string.Join(", ", missing)}");
        }

        var steps = (await _metadata.GetStepRunsAsync(run.Id, cancellationToken)).ToDictionary(s => s.Step, StringComparer.Ordinal);
        var components = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var described = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var (role, source) in model.Bundle)
        {
            if (!steps.TryGetValue(source.Step, out var step) || !step.Outputs.TryGetValue(source.Output, out var id))
            {
                throw new InvalidOperationException($"bundle role '{role}': run {run.Id} has no output {source} (steps: {string.Join(", ", steps.Keys)})");
            }

            components[role] = id;
            var parts = CacheKeyParts.FromJson(step.CacheKeyPartsJson);
            described[role] = new { artifact = id, step = source.Step, output = source.Output, code = parts?.Code, parameters = parts?.Parameters };
        }

        var existing = (await _registry.ListAsync(model.Name, cancellationToken))
            .FirstOrDefault(v => !v.Archived && v.Components.Count == components.Count && components.All(c => v.Components.GetValueOrDefault(c.Key) == c.Value));
        if (existing is not null)
        {
            return existing;
        }

        var metrics = model.MetricsStep is { } m && steps.TryGetValue(m, out var metricStep) ? metricStep.Metrics : new Dictionary<string, double>();
        var manifest = new
        {
            format = 1,
            model = model.Name,
            run = run.Id,
            pipeline = run.Pipeline,
            definition_version = run.DefinitionVersion,
            components = described,
            metrics = new SortedDictionary<string, double>(metrics.ToDictionary(), StringComparer.Ordinal),
            environment = JsonSerializer.Deserialize<JsonElement>(run.EnvironmentJson),
        };

        var staging = Path.Combine(Path.GetTempPath(), "mlmax-bundle-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        string bundleId;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(staging, BundleManifest.FileName), JsonSerializer.Serialize(manifest, Indented), cancellationToken);
            (bundleId, var tree) = await _artifacts.IngestDirectoryAsync(staging, cancellationToken);
            await _metadata.SaveArtifactAsync(new ArtifactRecord(bundleId, tree.Size, tree.Files.Count, _time.GetUtcNow()), cancellationToken);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }

        return await _registry.RegisterAsync(
            new ModelVersionRecord
            {
                Name = model.Name,
                Version = 0,
                BundleArtifact = bundleId,
                Components = components,
                RunId = run.Id,
                Metrics = metrics,
                CreatedAt = _time.GetUtcNow(),
            },
            who,
            why,
            cancellationToken);
    }
}
