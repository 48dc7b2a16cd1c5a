using Mlmax.Identity;
using Mlmax.Metadata;
using Mlmax.Specs;

namespace Mlmax.Execution;

/// <summary>One step of a run: identify, reuse or run with retries and timeout, publish outputs, record.</summary>
public sealed partial class RunExecutor
{
    private const int LogTailLines = 30;

    private async Task<StepOutcome> RunStepAsync(
        RunPlan plan, StepSpec step, IReadOnlyDictionary<string, StepRunRecord> upstream, RunOptions options, CancellationToken cancellationToken)
    {
        var inputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var binding in step.Inputs)
        {
            inputs[binding.Name] = binding.Source switch
            {
                PipelineInputReference p => plan.Inputs[p.Input].ArtifactId,
                StepOutputReference s => upstream[s.Step].Outputs[s.Output],
                _ => throw new NotSupportedException(binding.Source.ToString()),
            };
        }

        var parameters = ResolveParameters(plan, step);
        var started = _context.Time.GetUtcNow();
        if (step.Runner is PredictRunner predict)
        {
            // The version's bundle files are inputs like any other (one per role: transform, model, schema, ...): they
            // key the cache, so a new version re-scores, and link the predictions to the training run in lineage.
            try
            {
                var version = await ModelAsync(plan, predict, cancellationToken);
                foreach (var (role, artifact) in version.Components)
                {
                    inputs[role == PredictRunner.DataInput ? "bundle_" + role : role] = artifact;
                }

                parameters["model"] = $"{version.Name}:{version.Version}";
            }
            catch (InvalidOperationException e)
            {
                return await FailAsync(new StepRunRecord { RunId = plan.RunId, Step = step.Name, StartedAt = started, Inputs = inputs }, e.Message, []);
            }
        }

        CacheKeyParts parts;
        try
        {
            parts = new CacheKeyParts(
                CodeIdentity.Hash(_context.ProjectRoot, CodePatterns(step)),
                CacheKeyParts.Describe(step.Runner),
                new SortedDictionary<string, string>(parameters.ToDictionary(p => p.Key, p => CacheKeyParts.FormatValue(p.Value)), StringComparer.Ordinal),
                inputs,
                step.Outputs.Select(o => o.Name).ToList(),
                EnvironmentFor(step));
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            return await FailAsync(new StepRunRecord { RunId = plan.RunId, Step = step.Name, StartedAt = started, Inputs = inputs }, e.Message, []);
        }

        var key = parts.Key();
        var record = new StepRunRecord
        {
            RunId = plan.RunId,
            Step = step.Name,
            StartedAt = started,
            CacheKey = key,
            CacheKeyPartsJson = parts.ToJson(),
            Inputs = inputs,
        };

        if (plan.Earlier.TryGetValue(step.Name, out var earlier) && earlier.Status is RunStatus.Succeeded or RunStatus.Cached
            && earlier.CacheKey == key && await OutputsExistAsync(earlier))
        {
            _context.Observer.StepFinished(earlier, "finished before the run was interrupted; kept");
            return new StepOutcome(earlier, []);
        }

        var previous = await _context.Metadata.FindPreviousStepRunAsync(plan.Pipeline.Name, step.Name, plan.RunId, cancellationToken);
        if (step.Cache && !options.NoCache)
        {
            var hit = await _context.Metadata.FindByCacheKeyAsync(key, cancellationToken);
            if (hit is not null && await OutputsExistAsync(hit))
            {
                var cached = record with
                {
                    Status = RunStatus.Cached,
                    EndedAt = _context.Time.GetUtcNow(),
                    ReusedFrom = hit.Id,
                    Outputs = hit.Outputs,
                    Metrics = hit.Metrics,
                    LogPath = hit.LogPath,
                };
                await _context.Metadata.SaveStepRunAsync(cached, await InputArtifactsAsync(cached, CancellationToken.None), CancellationToken.None);
                _context.Observer.StepFinished(cached, $"reused {hit.Id}: code, parameters, inputs and environment unchanged");
                return new StepOutcome(cached, []);
            }
        }

        var why = !step.Cache ? "cache: false on this step"
            : options.NoCache ? "--no-cache"
            : string.Join("; ", CacheExplanation.Differences(CacheKeyParts.FromJson(previous?.CacheKeyPartsJson), parts)) is { Length: > 0 } d ? d
            : "no reusable earlier run";
        return await ExecuteWithRetriesAsync(plan, step, record, parameters, why, cancellationToken);
    }

    private async Task<StepOutcome> ExecuteWithRetriesAsync(
        RunPlan plan, StepSpec step, StepRunRecord record, IReadOnlyDictionary<string, object> parameters, string why, CancellationToken cancellationToken)
    {
        var logRelative = Path.Combine("runs", plan.RunId, "logs", step.Name + ".log");
        var logPath = Path.Combine(_context.StateDirectory, logRelative);
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        record = record with { Status = RunStatus.Running, LogPath = logRelative.Replace(Path.DirectorySeparatorChar, '/') };
        await _context.Metadata.SaveStepRunAsync(record, await InputArtifactsAsync(record, cancellationToken), CancellationToken.None);
        var tail = new Queue<string>();
        await using var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        string? error = null;

        for (var attempt = 1; attempt <= step.Retry.MaxAttempts; attempt++)
        {
            record = record with { Attempts = attempt };
            var delay = step.Retry.DelayBefore(attempt);
            if (delay > TimeSpan.Zero)
            {
                OnLine($"retrying in {delay.TotalSeconds:0.###}s (attempt {attempt} of {step.Retry.MaxAttempts})");
                try
                {
                    await Task.Delay(delay, _context.Time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return await CancelAsync(record, tail);
                }
            }

            _context.Observer.StepStarted(step.Name, attempt);
            using var attemptToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (step.Timeout is { } timeout)
            {
                attemptToken.CancelAfter(timeout);
            }

            var work = _context.WorkDirectory(plan.RunId, step.Name);
            try
            {
                if (Directory.Exists(work))
                {
                    Directory.Delete(work, recursive: true);
                }

                var workspace = StepWorkspace.Create(work, step.Name, plan.RunId, _context.ProjectRoot,
                    record.Inputs.Keys, step.Outputs.Select(o => o.Name), parameters);
                foreach (var (name, artifact) in record.Inputs)
                {
                    await _context.Artifacts.MaterializeAsync(artifact, StepWorkspace.InputPath(work, name), attemptToken.Token);
                }

                var exit = await _context.Launcher.RunAsync(step, workspace, OnLine, attemptToken.Token);
                if (exit == 0)
                {
                    var published = await PublishAsync(step, workspace, record, why, attemptToken.Token);
                    if (published is not null)
                    {
                        Directory.Delete(work, recursive: true);
                        return new StepOutcome(published, []);
                    }

                    error = $"step wrote no file to declared output(s) {string.Join(", ", EmptyOutputs(step, workspace))} (work directory kept: {work})";
                }
                else
                {
                    error = $"exit code {exit} (log: {logPath}){MissingModuleHint(step, tail)}";
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = $"timed out after {step.Timeout!.Value.TotalSeconds:0.###}s";
            }
            catch (OperationCanceledException)
            {
                return await CancelAsync(record, tail);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or Artifacts.ArtifactIntegrityException
                                          or InvalidDataException)
            {
                error = e.Message;
            }

            OnLine($"attempt {attempt} failed: {error}");
        }

        return await FailAsync(record, error ?? "failed", [.. tail]);

        void OnLine(string line)
        {
            log.WriteLine(line);
            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > LogTailLines)
                {
                    tail.Dequeue();
                }
            }

            _context.Observer.StepLog(step.Name, line);
        }
    }

    private async Task<StepRunRecord?> PublishAsync(StepSpec step, StepWorkspace workspace, StepRunRecord record, string why, CancellationToken cancellationToken)
    {
        if (EmptyOutputs(step, workspace).Any())
        {
            return null;
        }

        var metrics = workspace.ReadMetrics();
        var outputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var artifacts = new List<ArtifactRecord>(await InputArtifactsAsync(record, cancellationToken));
        var now = _context.Time.GetUtcNow();
        foreach (var output in step.Outputs)
        {
            var (id, tree) = await _context.Artifacts.IngestDirectoryAsync(workspace.Contract.Outputs[output.Name], cancellationToken);
            outputs[output.Name] = id;
            artifacts.Add(new ArtifactRecord(id, tree.Size, tree.Files.Count, now));
        }

        var done = record with { Status = RunStatus.Succeeded, EndedAt = _context.Time.GetUtcNow(), Outputs = outputs, Metrics = metrics };
        await _context.Metadata.SaveStepRunAsync(done, artifacts, CancellationToken.None);
        _context.Observer.StepFinished(done, why);
        return done;
    }

    private string MissingModuleHint(StepSpec step, Queue<string> tail)
    {
        string? missing;
        lock (tail)
        {
            missing = tail.FirstOrDefault(l => l.Contains("No module named", StringComparison.Ordinal));
        }

        return step.Runner is PythonRunner && missing is not null
            ? $"; {missing.Trim()} for interpreter {_context.Launcher.Options.PythonInterpreter}: install the module for it, or set python.interpreter in mlmax.yaml"
            : "";
    }

    private async Task<IReadOnlyList<ArtifactRecord>> InputArtifactsAsync(StepRunRecord record, CancellationToken cancellationToken)
    {
        var artifacts = new List<ArtifactRecord>();
        foreach (var input in record.Inputs.Values.Distinct(StringComparer.Ordinal))
        {
            var tree = await _context.Artifacts.ReadTreeAsync(input, cancellationToken);
            artifacts.Add(new ArtifactRecord(input, tree.Size, tree.Files.Count, _context.Time.GetUtcNow()));
        }

        return artifacts;
    }

    private static IEnumerable<string> EmptyOutputs(StepSpec step, StepWorkspace workspace) =>
        step.Outputs.Select(o => o.Name).Where(o =>
            !Directory.EnumerateFiles(workspace.Contract.Outputs[o], "*", SearchOption.AllDirectories).Any());

    private async Task<StepOutcome> FailAsync(StepRunRecord record, string error, IReadOnlyList<string> tail)
    {
        var failed = record with { Status = RunStatus.Failed, EndedAt = _context.Time.GetUtcNow(), Error = error, Outputs = new Dictionary<string, string>() };
        await _context.Metadata.SaveStepRunAsync(failed, await InputArtifactsAsync(failed, CancellationToken.None), CancellationToken.None);
        _context.Observer.StepFinished(failed, error);
        return new StepOutcome(failed, tail);
    }

    private async Task<StepOutcome> CancelAsync(StepRunRecord record, Queue<string> tail)
    {
        var cancelled = record with { Status = RunStatus.Cancelled, EndedAt = _context.Time.GetUtcNow(), Error = "cancelled", Outputs = new Dictionary<string, string>() };
        await _context.Metadata.SaveStepRunAsync(cancelled, await InputArtifactsAsync(cancelled, CancellationToken.None), CancellationToken.None);
        _context.Observer.StepFinished(cancelled, "cancelled");
        return new StepOutcome(cancelled, [.. tail]);
    }

    private async Task<bool> OutputsExistAsync(StepRunRecord run)
    {
        foreach (var id in run.Outputs.Values)
        {
            try
            {
                if (!await _context.Artifacts.ExistsAsync(id, CancellationToken.None))
                {
                    return false;
                }
            }
            catch (Artifacts.ArtifactIntegrityException)
            {
                return false;
            }
        }

        return run.Outputs.Count > 0;
    }

    /// <summary>The version a predict step scores with: resolved when the run was planned, or (resuming) from its pinned <c>NAME:VERSION</c>.</summary>
    private async Task<Registry.ModelVersionRecord> ModelAsync(RunPlan plan, PredictRunner predict, CancellationToken cancellationToken)
    {
        if (plan.Models.TryGetValue(predict.ModelParameter, out var version))
        {
            return version;
        }

        var pinned = (string)plan.Parameters[predict.ModelParameter];
        return (_context.Registry is { } registry ? await registry.ResolveAsync(Registry.ModelReference.Parse(pinned), cancellationToken) : null)
            ?? throw new InvalidOperationException($"model {pinned} is not in the registry");
    }

    private static Dictionary<string, object> ResolveParameters(RunPlan plan, StepSpec step) =>
        step.Parameters.ToDictionary(
            p => p.Name,
            p => p.PipelineParameter is { } name ? plan.Parameters[name] : p.Value!,
            StringComparer.Ordinal);
}
