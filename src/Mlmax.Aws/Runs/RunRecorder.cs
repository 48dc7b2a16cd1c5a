using Mlmax.Aws.Api;
using Mlmax.Execution;
using Mlmax.Metadata;
using Mlmax.Registry;
using Mlmax.Specs;

namespace Mlmax.Aws.Runs;

/// <summary>
/// Records a finished execution as an mlmax run, as if it had run here: a step run per step with its status, times,
/// attempts, metrics and inputs; each succeeded step's outputs fetched from S3, checked against its record and put in
/// the project's artifact store; the model version registered when the pipeline has <c>model:</c>; the lineage
/// manifest written. <c>mlmax show</c>, <c>lineage</c> and <c>export</c> then work as for a local run.
/// </summary>
public sealed class RunRecorder
{
    private readonly ExecutorContext _context;
    private readonly EncryptedBucket _bucket;
    private readonly IReadOnlyDictionary<string, string> _codeFiles;
    private readonly Action<string> _log;

    /// <summary>Creates the recorder.</summary>
    /// <param name="context">The project's stores.</param>
    /// <param name="bucket">The deployment's bucket.</param>
    /// <param name="codeFiles">The project files the deployed code was made from (path to SHA-256): each step's code identity.</param>
    /// <param name="log">Receives progress lines.</param>
    public RunRecorder(ExecutorContext context, EncryptedBucket bucket, IReadOnlyDictionary<string, string> codeFiles, Action<string> log)
    {
        _context = context;
        _bucket = bucket;
        _codeFiles = codeFiles;
        _log = log;
    }

    /// <summary>Records how an execution ended.</summary>
    /// <param name="plan">The run's plan.</param>
    /// <param name="run">The run record made when the execution started.</param>
    /// <param name="locations">Where the execution's data is.</param>
    /// <param name="outcome">The execution and its history.</param>
    /// <param name="cancellationToken">Cancels the downloads (the run is then left as it was).</param>
    /// <returns>The run's result and the registered model version, if any.</returns>
    public async Task<(RunResult Result, ModelVersionRecord? Model)> RecordAsync(
        RunPlan plan, RunRecord run, RunLocations locations, ExecutionOutcome outcome, CancellationToken cancellationToken)
    {
        var steps = plan.Pipeline.Steps;
        var timelines = StepTimeline.Read(steps.Select(s => s.Name).ToList(), outcome.History, outcome.Execution).ToDictionary(t => t.Step, StringComparer.Ordinal);
        var done = new Dictionary<string, StepRunRecord>(StringComparer.Ordinal);
        var work = Path.Combine(_context.StateDirectory, "tmp", "aws", run.Id);
        try
        {
            foreach (var step in steps)
            {
                done[step.Name] = await RecordStepAsync(plan, step, timelines[step.Name], locations, done, Path.Combine(work, step.Name), cancellationToken);
            }
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }

        var failed = steps.Select(s => done[s.Name]).FirstOrDefault(s => s.Status == RunStatus.Failed);
        var execution = outcome.Execution;
        var status = execution.Succeeded && failed is null ? RunStatus.Succeeded
            : execution.Status == "ABORTED" && failed is null ? RunStatus.Cancelled
            : RunStatus.Failed;
        run = run with
        {
            Status = status,
            EndedAt = execution.StopDate ?? _context.Time.GetUtcNow(),
            Error = failed is not null ? $"step '{failed.Step}' failed: {failed.Error}"
                : status == RunStatus.Succeeded ? null
                : $"execution {execution.Status.ToLowerInvariant()}: {FailureCause.Describe(execution.Error, execution.Cause) ?? "no cause given"}",
        };
        var ordered = steps.Select(s => done[s.Name]).ToList();
        ModelVersionRecord? model = null;
        if (status == RunStatus.Succeeded && plan.Pipeline.Model is { Register: true } spec && _context.Registry is { } registry)
        {
            // Registered before the run shows as ended, so whoever follows it finds the version (as the fleet does).
            model = await new ModelRegistrar(_context.Metadata, registry, _context.Artifacts, _context.Time)
                .RegisterAsync(run, spec, Environment.UserName, $"registered by run {run.Id} (AWS execution)", CancellationToken.None);
        }

        await new RunExecutor(_context).FinishRunAsync(plan, run, ordered);
        return (new RunResult(run, ordered, failed?.Step, []), model);
    }

    private async Task<StepRunRecord> RecordStepAsync(
        RunPlan plan, StepSpec step, StepTimeline timeline, RunLocations locations, Dictionary<string, StepRunRecord> done, string work, CancellationToken cancellationToken)
    {
        var inputs = Inputs(plan, step, done);
        var record = new StepRunRecord
        {
            RunId = plan.RunId,
            Step = step.Name,
            Attempts = timeline.Attempts,
            StartedAt = timeline.StartedAt,
            EndedAt = timeline.EndedAt,
            Inputs = inputs,
        };
        var inputArtifacts = await InputArtifactsAsync(inputs, cancellationToken);
        if (timeline.Status != RunStatus.Succeeded)
        {
            var ended = timeline.Status switch
            {
                RunStatus.Failed => record with { Status = RunStatus.Failed, Error = FailureCause.Describe(timeline.Error, timeline.Cause) ?? "failed" },
                RunStatus.Pending => record with { Status = RunStatus.Cancelled, Error = "not started" },
                _ => record with { Status = RunStatus.Cancelled, Error = timeline.Error ?? "cancelled" },
            };
            await _context.Metadata.SaveStepRunAsync(ended, inputArtifacts, CancellationToken.None);
            return ended;
        }

        _log($"{step.Name}: fetching outputs {string.Join(", ", step.Outputs.Select(o => o.Name))}");
        FetchedOutputs fetched;
        try
        {
            fetched = await StepOutputs.FetchAsync(_bucket, locations, step, timeline, work, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or AwsException or IOException)
        {
            var failed = record with { Status = RunStatus.Failed, Error = $"its job succeeded but its outputs could not be collected: {e.Message}" };
            await _context.Metadata.SaveStepRunAsync(failed, inputArtifacts, CancellationToken.None);
            return failed;
        }

        var outputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var artifacts = new List<ArtifactRecord>(inputArtifacts);
        foreach (var output in step.Outputs)
        {
            var (id, tree) = await _context.Artifacts.IngestDirectoryAsync(fetched.Folders[output.Name], cancellationToken);
            outputs[output.Name] = id;
            artifacts.Add(new ArtifactRecord(id, tree.Size, tree.Files.Count, _context.Time.GetUtcNow()));
        }

        var environment = new SortedDictionary<string, string>(fetched.Record.Environment, StringComparer.Ordinal)
        {
            ["executor"] = $"aws sagemaker {(step.Aws?.Job ?? AwsJobKind.Processing).ToString().ToLowerInvariant()} job",
        };
        if (timeline.JobName is { } job)
        {
            environment["sagemaker_job"] = job;
        }

        var parts = new CacheKeyParts(
            new SortedDictionary<string, string>(_codeFiles.ToDictionary(), StringComparer.Ordinal),
            CacheKeyParts.Describe(step.Runner),
            new SortedDictionary<string, string>(Parameters(plan, step).ToDictionary(p => p.Key, p => CacheKeyParts.FormatValue(p.Value)), StringComparer.Ordinal),
            new SortedDictionary<string, string>(inputs.ToDictionary(), StringComparer.Ordinal),
            step.Outputs.Select(o => o.Name).ToList(),
            environment);
        var succeeded = record with
        {
            Status = RunStatus.Succeeded,
            CacheKey = parts.Key(),
            CacheKeyPartsJson = parts.ToJson(),
            Outputs = outputs,
            Metrics = fetched.Record.Metrics,
        };
        await _context.Metadata.SaveStepRunAsync(succeeded, artifacts, CancellationToken.None);
        return succeeded;
    }

    /// <summary>A step's inputs, as a local run would have them: pipeline inputs, upstream outputs, and for predict steps the version's bundle.</summary>
    private static SortedDictionary<string, string> Inputs(RunPlan plan, StepSpec step, Dictionary<string, StepRunRecord> done)
    {
        var inputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var binding in step.Inputs)
        {
            var id = binding.Source switch
            {
                PipelineInputReference p => plan.Inputs.GetValueOrDefault(p.Input)?.ArtifactId,
                StepOutputReference s => done.GetValueOrDefault(s.Step)?.Outputs.GetValueOrDefault(s.Output),
                _ => null,
            };
            if (id is not null)
            {
                inputs[binding.Name] = id;
            }
        }

        if (step.Runner is PredictRunner predict && plan.Models.TryGetValue(predict.ModelParameter, out var version))
        {
            foreach (var (role, artifact) in version.Components)
            {
                inputs[role == PredictRunner.DataInput ? "bundle_" + role : role] = artifact;
            }
        }

        return inputs;
    }

    private static Dictionary<string, object> Parameters(RunPlan plan, StepSpec step) =>
        step.Parameters.ToDictionary(p => p.Name, p => p.PipelineParameter is { } name ? plan.Parameters[name] : p.Value!, StringComparer.Ordinal);

    private async Task<List<ArtifactRecord>> InputArtifactsAsync(IReadOnlyDictionary<string, string> inputs, CancellationToken cancellationToken)
    {
        var artifacts = new List<ArtifactRecord>();
        foreach (var id in inputs.Values.Distinct(StringComparer.Ordinal))
        {
            var tree = await _context.Artifacts.ReadTreeAsync(id, cancellationToken);
            artifacts.Add(new ArtifactRecord(id, tree.Size, tree.Files.Count, _context.Time.GetUtcNow()));
        }

        return artifacts;
    }

}
