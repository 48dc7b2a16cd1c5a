using System.Text.Json;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Mlmax.Definitions;
using Mlmax.Execution;
using Mlmax.Identity;
using Mlmax.Metadata;
using Mlmax.Specs;

namespace Mlmax.Fleet;

/// <summary>
/// Moves a fleet run forward. After the run is submitted and after each step finishes, under the run's lock, it
/// enqueues every step whose inputs are now ready (each on its pool's queue), and once nothing is left running it ends
/// the run: status, lineage manifest, and the model registration the pipeline declares. Every decision is read from the
/// metadata store, so any process may take it, and taking it twice changes nothing.
/// </summary>
public sealed class FleetScheduler
{
    /// <summary>The prefix of a run's entry in the queue's key-value store (its options and code fingerprints).</summary>
    internal const string RunKeyPrefix = "mlmax-run:";

    private readonly ExecutorContext _context;
    private readonly FleetConnection _fleet;

    /// <summary>Creates the scheduler.</summary>
    /// <param name="context">The project's stores (metadata in the fleet's database).</param>
    /// <param name="fleet">The fleet's queue.</param>
    public FleetScheduler(ExecutorContext context, FleetConnection fleet)
    {
        _context = context;
        _fleet = fleet;
    }

    /// <summary>The owner recorded on runs the fleet drives.</summary>
    public static string Owner => "fleet@" + ExecutorContext.Owner;

    /// <summary>The queue a step's job goes to: its pool.</summary>
    /// <param name="step">The step.</param>
    /// <returns>The queue's name.</returns>
    public static string QueueOf(StepSpec step) => step.EffectivePool;

    /// <summary>Records a new run and enqueues its first steps. Returns as soon as they are queued.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="options">Cache settings (parallelism is the fleet's size).</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <returns>The run.</returns>
    public async Task<RunRecord> SubmitAsync(RunPlan plan, RunOptions options, CancellationToken cancellationToken)
    {
        var executor = new RunExecutor(_context);
        var entries = new Dictionary<string, string>(StringComparer.Ordinal) { ["no_cache"] = options.NoCache ? "true" : "false" };
        foreach (var step in plan.Pipeline.Steps)
        {
            entries["code:" + step.Name] = JsonSerializer.Serialize(CodeIdentity.Hash(_context.ProjectRoot, executor.CodePatterns(step)));
        }

        using (var connection = _fleet.Storage.GetConnection())
        {
            connection.SetRangeInHash(RunKeyPrefix + plan.RunId, entries);
        }

        var run = await executor.StartRunAsync(plan, Owner);
        await AdvanceAsync(plan.RunId, cancellationToken);
        return run;
    }

    /// <summary>Asks a run to stop: running steps are cancelled by their workers, queued ones never start.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="why">Recorded as the run's error.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when the run had already ended.</returns>
    public async Task<bool> CancelAsync(string runId, string why, CancellationToken cancellationToken)
    {
        await using (await _fleet.LockRunAsync(runId, cancellationToken))
        {
            var run = await _context.Metadata.GetRunAsync(runId, cancellationToken);
            if (run is null || run.EndedAt is not null || run.Status != RunStatus.Running)
            {
                return false;
            }

            await _context.Metadata.UpdateRunAsync(run with { Status = RunStatus.Cancelled, Error = why }, CancellationToken.None);
        }

        await AdvanceAsync(runId, cancellationToken);
        return true;
    }

    /// <summary>Enqueues the steps that became ready, or ends the run when nothing is left to run.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="cancellationToken">Cancels waiting for the lock.</param>
    /// <returns>A task.</returns>
    public async Task AdvanceAsync(string runId, CancellationToken cancellationToken)
    {
        await using var held = await _fleet.LockRunAsync(runId, cancellationToken);
        var run = await _context.Metadata.GetRunAsync(runId, CancellationToken.None);
        if (run is null || run.EndedAt is not null)
        {
            return;
        }

        var pipeline = CanonicalForm.FromJson(run.DefinitionJson);
        var records = (await _context.Metadata.GetStepRunsAsync(runId, CancellationToken.None)).ToDictionary(s => s.Step, StringComparer.Ordinal);
        if (run.Status == RunStatus.Running && pipeline.Steps.Select(s => records.GetValueOrDefault(s.Name)).FirstOrDefault(r => r?.Status == RunStatus.Failed) is { } failed)
        {
            run = run with { Status = RunStatus.Failed, Error = $"step '{failed.Step}' failed: {failed.Error}" };
            await _context.Metadata.UpdateRunAsync(run, CancellationToken.None);
        }

        if (run.Status == RunStatus.Running)
        {
            var client = new BackgroundJobClient(_fleet.Storage);
            foreach (var step in pipeline.Steps.Where(s => !records.ContainsKey(s.Name)))
            {
                if (RunExecutor.Dependencies(step).All(d => records.TryGetValue(d, out var r) && r.Status is RunStatus.Succeeded or RunStatus.Cached))
                {
                    // Queued, then recorded as pending, under the run's lock, which the job takes before it looks at the
                    // step: it never sees the step half-queued. Dying in between leaves a queued step without a record,
                    // which runs anyway; dying before queueing leaves it without a record, which the next advance
                    // (after another step, or a worker's sweep) queues.
                    client.Create(Job.FromExpression<StepJob>(j => j.RunAsync(runId, step.Name, null, CancellationToken.None)), new EnqueuedState(QueueOf(step)));
                    var pending = new StepRunRecord { RunId = runId, Step = step.Name, Status = RunStatus.Pending };
                    await _context.Metadata.SaveStepRunAsync(pending, [], CancellationToken.None);
                    records[step.Name] = pending;
                }
            }
        }
        else
        {
            // Failed or cancelled: nothing new starts; queued steps are dropped when a worker picks them up.
            foreach (var step in pipeline.Steps.Where(s => records.GetValueOrDefault(s.Name) is null or { Status: RunStatus.Pending }))
            {
                var skipped = new StepRunRecord { RunId = runId, Step = step.Name, Status = RunStatus.Cancelled, Error = "not started" };
                await _context.Metadata.SaveStepRunAsync(skipped, [], CancellationToken.None);
                records[step.Name] = skipped;
            }
        }

        if (records.Values.Any(r => r.Status is RunStatus.Pending or RunStatus.Running) || records.Count < pipeline.Steps.Count)
        {
            return;
        }

        await EndAsync(run, records);
    }

    /// <summary>
    /// Advances every fleet run that has not ended: recovers a run whose submitter or worker died between recording a
    /// step and queueing what follows it. Workers call it when they start and every minute.
    /// </summary>
    /// <param name="cancellationToken">Stops the sweep.</param>
    /// <returns>How many runs it looked at.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var open = (await _context.Metadata.ListRunsAsync(null, 200, cancellationToken))
            .Where(r => r.EndedAt is null && r.Owner.StartsWith("fleet@", StringComparison.Ordinal))
            .ToList();
        foreach (var run in open)
        {
            await AdvanceAsync(run.Id, cancellationToken);
        }

        return open.Count;
    }

    private async Task EndAsync(RunRecord run, Dictionary<string, StepRunRecord> records)
    {
        var status = run.Status == RunStatus.Running
            ? records.Values.All(r => r.Status is RunStatus.Succeeded or RunStatus.Cached) ? RunStatus.Succeeded : RunStatus.Failed
            : run.Status;
        run = run with { Status = status, EndedAt = _context.Time.GetUtcNow() };
        var plan = RunPlanner.PlanResume(run, [.. records.Values]);
        var ordered = plan.Pipeline.Steps.Select(s => records[s.Name]).ToList();
        if (status == RunStatus.Succeeded && plan.Pipeline.Model is { Register: true } model)
        {
            try
            {
                var registrar = new Registry.ModelRegistrar(_context.Metadata, _context.Registry!, _context.Artifacts, _context.Time);
                var version = await registrar.RegisterAsync(run, model, "fleet", $"registered by run {run.Id}", CancellationToken.None);
                _context.Observer.StepLog(string.Empty, $"run {run.Id}: model {version.Reference}");
            }
            catch (InvalidOperationException e)
            {
                _context.Observer.StepLog(string.Empty, $"run {run.Id}: the model was not registered: {e.Message}");
            }
        }

        // Registered before the run shows as ended, so whoever follows it finds the version.
        await new RunExecutor(_context).FinishRunAsync(plan, run, ordered);
        using var connection = _fleet.Storage.GetConnection();
        using var transaction = connection.CreateWriteTransaction();
        transaction.RemoveHash(RunKeyPrefix + run.Id);
        foreach (var step in plan.Pipeline.Steps.Where(s => s.Partitions > 1))
        {
            transaction.RemoveHash(PartitionedPredictor.Key(run.Id, step.Name));
        }

        transaction.Commit();
    }
}
