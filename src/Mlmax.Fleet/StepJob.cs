using System.ComponentModel;
using System.Text.Json;
using Hangfire;
using Hangfire.Server;
using Mlmax.Execution;
using Mlmax.Identity;
using Mlmax.Metadata;

namespace Mlmax.Fleet;

/// <summary>
/// The job a worker runs for one step of a fleet run: the same step code path as the local executor
/// (<see cref="RunExecutor.RunOneStepAsync"/>), then <see cref="FleetScheduler.AdvanceAsync"/>. Delivered at least
/// once: a step found finished is not run again, outputs are published only when the step finishes, and a step whose
/// worker died is started again, up to a limit.
/// </summary>
/// <param name="context">The worker's stores and launcher.</param>
/// <param name="fleet">The fleet's queue.</param>
public sealed class StepJob(ExecutorContext context, FleetConnection fleet)
{
    private const string DeliveriesParameter = "mlmax_deliveries";
    private const string WorkerParameter = "mlmax_worker";

    /// <summary>Runs the step (unless already done), then moves the run on.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="step">The step.</param>
    /// <param name="perform">Supplied by the worker: the job's stored state.</param>
    /// <param name="shutdown">Supplied by the worker: signalled when the worker stops.</param>
    /// <returns>A task.</returns>
    [AutomaticRetry(Attempts = 0)]
    [DisplayName("run {0} step {1}")]
    public async Task RunAsync(string runId, string step, PerformContext? perform, CancellationToken shutdown)
    {
        ArgumentNullException.ThrowIfNull(perform);
        var deliveries = perform.GetJobParameter<int>(DeliveriesParameter) + 1;
        var previousWorker = perform.GetJobParameter<string>(WorkerParameter);
        perform.SetJobParameter(DeliveriesParameter, deliveries);
        perform.SetJobParameter(WorkerParameter, ExecutorContext.Owner);
        var scheduler = new FleetScheduler(context, fleet);
        var observer = new RunObserver(runId, context.Observer);

        RunRecord? run;
        Dictionary<string, StepRunRecord> records;
        await using (await fleet.LockRunAsync(runId, shutdown))
        {
            // Read under the run's lock: never while the step is being queued and recorded.
            run = await context.Metadata.GetRunAsync(runId, CancellationToken.None);
            if (run is null || run.EndedAt is not null)
            {
                return;
            }

            records = (await context.Metadata.GetStepRunsAsync(runId, CancellationToken.None)).ToDictionary(s => s.Step, StringComparer.Ordinal);
        }

        var record = records.GetValueOrDefault(step);
        if (record is { Status: RunStatus.Succeeded or RunStatus.Cached or RunStatus.Failed or RunStatus.Cancelled })
        {
            // A second delivery of a finished step (its worker died before acknowledging it): only move on.
            await scheduler.AdvanceAsync(runId, shutdown);
            return;
        }

        var plan = RunPlanner.PlanResume(run, [.. records.Values]);
        var spec = plan.Pipeline.Steps.FirstOrDefault(s => s.Name == step);
        if (spec is null)
        {
            return;
        }

        var limit = Math.Max(fleet.Options.MaxDeliveries, spec.Retry.MaxAttempts);
        if (run.Status != RunStatus.Running || deliveries > limit)
        {
            var error = run.Status != RunStatus.Running ? "not started"
                : $"its worker stopped {deliveries - 1} times while running it (last on {previousWorker ?? "an unknown worker"}), the limit for this step; "
                  + "look at that worker's log and memory, or raise the step's retry: max_attempts";
            var ended = (record ?? new StepRunRecord { RunId = runId, Step = step }) with
            {
                Status = run.Status != RunStatus.Running ? RunStatus.Cancelled : RunStatus.Failed,
                EndedAt = context.Time.GetUtcNow(),
                Error = error,
                Outputs = new Dictionary<string, string>(),
            };
            await context.Metadata.SaveStepRunAsync(ended, [], CancellationToken.None);
            observer.StepFinished(ended, error);
            await scheduler.AdvanceAsync(runId, shutdown);
            return;
        }

        var entries = RunEntries(runId);
        if (CodeMismatch(entries, spec) is { } mismatch)
        {
            var failed = new StepRunRecord { RunId = runId, Step = step, Status = RunStatus.Failed, StartedAt = context.Time.GetUtcNow(), EndedAt = context.Time.GetUtcNow(), Error = mismatch };
            await context.Metadata.SaveStepRunAsync(failed, [], CancellationToken.None);
            observer.StepFinished(failed, mismatch);
            await scheduler.AdvanceAsync(runId, shutdown);
            return;
        }

        if (deliveries > 1)
        {
            observer.StepLog(step, $"delivery {deliveries} of at most {limit}: the worker running it before ({previousWorker}) stopped");
        }

        var upstream = records.Where(r => r.Value.Status is RunStatus.Succeeded or RunStatus.Cached)
            .ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        using var watching = new CancellationTokenSource();
        var watch = WatchForCancellationAsync(runId, stop, watching.Token);
        var options = new RunOptions(NoCache: entries.GetValueOrDefault("no_cache") == "true");
        var here = context with { Observer = observer };
        if (spec is { Runner: Specs.PredictRunner, Partitions: > 1 } && context.Launcher.Options.Predictor is { } predictor)
        {
            var partitioned = new PartitionedPredictor(predictor, here, fleet, spec, runId, deliveries > 1 ? previousWorker : null);
            here = here with { Launcher = new StepLauncher(context.Launcher.Options with { Predictor = partitioned }) };
        }

        var executor = new RunExecutor(here);
        StepRunRecord result;
        try
        {
            (result, _) = await executor.RunOneStepAsync(plan, spec, upstream, options, stop.Token);
        }
        finally
        {
            await watching.CancelAsync();
            await watch;
        }

        if (result.Status == RunStatus.Cancelled && shutdown.IsCancellationRequested)
        {
            // The worker is stopping, not the run: the step goes back to the queue for another worker.
            await context.Metadata.SaveStepRunAsync(result with { Status = RunStatus.Pending, EndedAt = null, Error = null }, [], CancellationToken.None);
            perform.SetJobParameter(DeliveriesParameter, deliveries - 1);
            observer.StepLog(step, "this worker is stopping: the step goes back to the queue for another worker");
            throw new OperationCanceledException(shutdown);
        }

        await KeepLogAsync(result);
        await scheduler.AdvanceAsync(runId, CancellationToken.None);
    }

    /// <summary>
    /// Stores the step's log in the artifact store and records its id as the log's place, so it can be read from any
    /// machine (<c>mlmax show</c>, a following <c>mlmax run</c>), not only on the worker that ran the step.
    /// </summary>
    private async Task KeepLogAsync(StepRunRecord result)
    {
        if (result.LogPath is not { } relative || relative.StartsWith("sha256:", StringComparison.Ordinal) || result.Status is RunStatus.Cached)
        {
            return;
        }

        var log = Path.Combine(context.StateDirectory, relative);
        if (!File.Exists(log))
        {
            return;
        }

        var staging = Path.Combine(context.StateDirectory, "tmp", "logs", $"{result.RunId}.{result.Step}.{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(staging);
            File.Copy(log, Path.Combine(staging, result.Step + ".log"), overwrite: true);
            var (id, tree) = await context.Artifacts.IngestDirectoryAsync(staging, CancellationToken.None);
            await context.Metadata.SaveStepRunAsync(result with { LogPath = id }, [new ArtifactRecord(id, tree.Size, tree.Files.Count, context.Time.GetUtcNow())], CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Observer.StepLog($"{result.RunId}/{result.Step}", $"the step's log stays on this worker only ({log}): {e.Message}");
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>Cancels the step when its run is cancelled, checking every few seconds.</summary>
    private Task WatchForCancellationAsync(string runId, CancellationTokenSource stop, CancellationToken watching) => Task.Run(async () =>
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(fleet.Options.CancellationPollInterval, context.Time, watching);
                var run = await context.Metadata.GetRunAsync(runId, watching);
                if (run is null || run.Status == RunStatus.Cancelled)
                {
                    await stop.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.Data.Common.DbException)
        {
            // The database is briefly unreachable: the step goes on; cancellation is checked again on the next step.
        }
    }, CancellationToken.None);

    private Dictionary<string, string> RunEntries(string runId)
    {
        using var connection = fleet.Storage.GetConnection();
        return connection.GetAllEntriesFromHash(FleetScheduler.RunKeyPrefix + runId) ?? [];
    }

    /// <summary>The step's code here must be the code the run was submitted with: a worker on another version of the project fails the step, saying which files differ.</summary>
    private string? CodeMismatch(IReadOnlyDictionary<string, string> entries, Specs.StepSpec step)
    {
        if (entries.GetValueOrDefault("code:" + step.Name) is not { } submitted)
        {
            return null;
        }

        var expected = JsonSerializer.Deserialize<SortedDictionary<string, string>>(submitted)!;
        var here = CodeIdentity.Hash(context.ProjectRoot, new RunExecutor(context).CodePatterns(step));
        var differing = expected.Keys.Union(here.Keys, StringComparer.Ordinal)
            .Where(f => expected.GetValueOrDefault(f) != here.GetValueOrDefault(f))
            .Order(StringComparer.Ordinal)
            .ToList();
        return differing.Count == 0
            ? null
            : $"worker {ExecutorContext.Owner} has other code for step '{step.Name}' than the run was submitted with ({string.Join(", ", differing.Take(5))}{(differing.Count > 5 ? ", ..." : "")} in {context.ProjectRoot}): "
              + "deploy the same version of the project to every worker";
    }

    /// <summary>Prefixes a step's progress with its run, for a worker's log that interleaves many runs.</summary>
    private sealed class RunObserver(string runId, IRunObserver inner) : IRunObserver
    {
        public void StepStarted(string step, int attempt) => inner.StepStarted($"{runId}/{step}", attempt);

        public void StepLog(string step, string line) => inner.StepLog($"{runId}/{step}", line);

        public void StepFinished(StepRunRecord record, string explanation) => inner.StepFinished(record, explanation);
    }
}
