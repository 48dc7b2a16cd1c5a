using System.Text.Json;
using Mlmax.Execution;
using Mlmax.Metadata;

namespace Mlmax.Lineage;

/// <summary>Walks lineage edges in the metadata store: upstream to the data, code and parameters that produced an artifact, downstream to what it fed.</summary>
public sealed class LineageQuery
{
    private readonly IMetadataStore _store;
    private readonly Dictionary<string, RunRecord?> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<StepRunRecord>> _steps = new(StringComparer.Ordinal);

    /// <summary>Creates the query.</summary>
    /// <param name="store">The metadata store.</param>
    public LineageQuery(IMetadataStore store) => _store = store;

    /// <summary>Everything upstream of an artifact.</summary>
    /// <param name="artifactId">The artifact.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The upstream tree.</returns>
    public Task<UpstreamArtifact> UpstreamAsync(string artifactId, CancellationToken cancellationToken) =>
        UpstreamAsync(artifactId, null, new HashSet<string>(StringComparer.Ordinal), cancellationToken);

    /// <summary>Everything downstream of an artifact.</summary>
    /// <param name="artifactId">The artifact.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The downstream tree.</returns>
    public Task<DownstreamArtifact> DownstreamAsync(string artifactId, CancellationToken cancellationToken) =>
        DownstreamAsync(artifactId, new HashSet<string>(StringComparer.Ordinal), cancellationToken);

    /// <remarks>
    /// Identical content has one id, so several step runs may have produced an artifact. The producer shown is the
    /// one from <paramref name="preferredRun"/> (the run a consumer's input was bound to) if it is among them, else the latest.
    /// </remarks>
    private async Task<UpstreamArtifact> UpstreamAsync(string artifactId, string? preferredRun, HashSet<string> seen, CancellationToken cancellationToken)
    {
        var uses = await _store.GetArtifactUsesAsync(artifactId, cancellationToken);
        StepRunRecord? producer = null;
        string? output = null;
        foreach (var use in uses.Where(u => u.Role == "output")
                     .OrderByDescending(u => u.StepRunId.StartsWith(preferredRun + "/", StringComparison.Ordinal))
                     .ThenByDescending(u => u.StepRunId, StringComparer.Ordinal))
        {
            var step = await StepAsync(use.StepRunId, cancellationToken);
            if (step?.Status == RunStatus.Succeeded)
            {
                producer = step;
                output = use.Name;
                break;
            }
        }

        if (producer is null || !seen.Add(producer.Id))
        {
            return new UpstreamArtifact(artifactId, await ExternalSourceAsync(artifactId, uses, cancellationToken), null);
        }

        try
        {
            return await DescribeProducerAsync(artifactId, producer, output!, seen, cancellationToken);
        }
        finally
        {
            seen.Remove(producer.Id);
        }
    }

    private async Task<UpstreamArtifact> DescribeProducerAsync(
        string artifactId, StepRunRecord producer, string output, HashSet<string> seen, CancellationToken cancellationToken)
    {
        var run = (await RunAsync(producer.RunId, cancellationToken))!;
        var parts = CacheKeyParts.FromJson(producer.CacheKeyPartsJson);
        var bindings = JsonSerializer.Deserialize<Dictionary<string, InputBindingRecord>>(run.InputsJson) ?? [];
        var inputs = new SortedDictionary<string, UpstreamArtifact>(StringComparer.Ordinal);
        foreach (var (name, id) in producer.Inputs)
        {
            var source = bindings.Values.FirstOrDefault(b => b.ArtifactId == id)?.Source;
            var hint = source is not null && source.StartsWith("run ", StringComparison.Ordinal) ? source.Split(' ')[1] : producer.RunId;
            inputs[name] = await UpstreamAsync(id, hint, seen, cancellationToken);
        }

        return new UpstreamArtifact(artifactId, null, new ProducingStep(
            run.Id, run.Pipeline, producer.Step, output, run.DefinitionVersion, parts?.Runner ?? "",
            parts?.Code ?? [], TypedParameters(parts), parts?.Environment ?? [],
            JsonSerializer.Deserialize<JsonElement>(run.EnvironmentJson), producer.Metrics, inputs));
    }

    private static SortedDictionary<string, JsonElement> TypedParameters(CacheKeyParts? parts) =>
        new((parts?.Parameters ?? []).ToDictionary(p => p.Key, p => JsonSerializer.Deserialize<JsonElement>(p.Value)), StringComparer.Ordinal);

    private async Task<string?> ExternalSourceAsync(string artifactId, IReadOnlyList<ArtifactUse> uses, CancellationToken cancellationToken)
    {
        foreach (var use in uses.Where(u => u.Role == "input"))
        {
            var run = await RunAsync(use.StepRunId.Split('/')[0], cancellationToken);
            if (run is null)
            {
                continue;
            }

            var inputs = JsonSerializer.Deserialize<Dictionary<string, InputBindingRecord>>(run.InputsJson) ?? [];
            var match = inputs.Values.FirstOrDefault(i => i.ArtifactId == artifactId);
            if (match is not null)
            {
                return match.Source;
            }
        }

        return null;
    }

    private async Task<DownstreamArtifact> DownstreamAsync(string artifactId, HashSet<string> seen, CancellationToken cancellationToken)
    {
        var consumers = new List<ConsumingStep>();
        foreach (var use in (await _store.GetArtifactUsesAsync(artifactId, cancellationToken)).Where(u => u.Role == "input"))
        {
            var step = await StepAsync(use.StepRunId, cancellationToken);
            if (step is null || !seen.Add(step.Id))
            {
                continue;
            }

            var run = (await RunAsync(step.RunId, cancellationToken))!;
            var outputs = new SortedDictionary<string, DownstreamArtifact>(StringComparer.Ordinal);
            foreach (var (name, id) in step.Outputs)
            {
                outputs[name] = await DownstreamAsync(id, seen, cancellationToken);
            }

            consumers.Add(new ConsumingStep(run.Id, run.Pipeline, step.Step, use.Name, outputs));
        }

        return new DownstreamArtifact(artifactId, consumers);
    }

    private async Task<RunRecord?> RunAsync(string runId, CancellationToken cancellationToken)
    {
        if (!_runs.TryGetValue(runId, out var run))
        {
            run = await _store.GetRunAsync(runId, cancellationToken);
            _runs[runId] = run;
        }

        return run;
    }

    private async Task<StepRunRecord?> StepAsync(string stepRunId, CancellationToken cancellationToken)
    {
        var slash = stepRunId.IndexOf('/', StringComparison.Ordinal);
        var runId = stepRunId[..slash];
        if (!_steps.TryGetValue(runId, out var steps))
        {
            steps = await _store.GetStepRunsAsync(runId, cancellationToken);
            _steps[runId] = steps;
        }

        return steps.FirstOrDefault(s => s.Step == stepRunId[(slash + 1)..]);
    }
}
