using System.Text.Json;
using Mlmax.Metadata;
using Mlmax.Registry;
using Mlmax.Scoring;
using Mlmax.Specs;

namespace Mlmax.Cli.Internal.Monitoring;

/// <summary>Finds the batches a model version scored: succeeded predict steps of inference runs that pinned that version.</summary>
internal static class MonitorBatches
{
    public const int RunsSearched = 200;

    /// <summary>The batch of the given run, or the latest batch, or every batch since a time (oldest first).</summary>
    public static async Task<IReadOnlyList<(RunRecord Run, StepRunRecord Step)>> FindAsync(
        ProjectHost host, ModelVersionRecord version, string? runId, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var candidates = runId is not null
            ? [await host.Metadata.GetRunAsync(runId, cancellationToken) ?? throw new UserException($"no run '{runId}' (see: mlmax runs)")]
            : (await host.Metadata.ListRunsAsync(null, RunsSearched, cancellationToken))
                .Where(r => r.Status == RunStatus.Succeeded && (since is null || r.StartedAt >= since)).ToList();
        var found = new List<(RunRecord, StepRunRecord)>();
        foreach (var run in candidates)
        {
            if (await BatchOfAsync(host, version, run, cancellationToken) is { } step)
            {
                found.Add((run, step));
                if (since is null)
                {
                    break;
                }
            }
        }

        if (found.Count == 0)
        {
            throw new UserException(runId is not null
                ? $"run {runId} has no succeeded predict step that scored with {version.Reference}"
                : since is { } s
                    ? $"no succeeded run since {Format.Time(s)} (of the last {RunsSearched}) scored with {version.Reference}: widen --since, or run a pipeline with a predict step (e.g. mlmax run inference --param model={version.Reference})"
                    : $"no succeeded run in the last {RunsSearched} scored with {version.Reference}: run a pipeline with a predict step (e.g. mlmax run inference --param model={version.Reference}), or pass --run RUN");
        }

        found.Reverse();
        return found;
    }

    private static async Task<StepRunRecord?> BatchOfAsync(ProjectHost host, ModelVersionRecord version, RunRecord run, CancellationToken cancellationToken)
    {
        var pipeline = Definitions.CanonicalForm.FromJson(run.DefinitionJson);
        using var parameters = JsonDocument.Parse(run.ParametersJson);
        foreach (var predict in pipeline.Steps.Where(s => s.Runner is PredictRunner))
        {
            var parameter = ((PredictRunner)predict.Runner).ModelParameter;
            var pinned = parameters.RootElement.TryGetProperty(parameter, out var value) ? value.GetString() : null;
            if (pinned != version.Reference)
            {
                continue;
            }

            var step = (await host.Metadata.GetStepRunsAsync(run.Id, cancellationToken)).FirstOrDefault(s => s.Step == predict.Name && s.Status == RunStatus.Succeeded);
            if (step is not null && step.Inputs.ContainsKey(PredictRunner.DataInput))
            {
                return step;
            }
        }

        return null;
    }
}
