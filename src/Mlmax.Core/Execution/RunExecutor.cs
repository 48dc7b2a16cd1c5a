using System.Text.Json;
using Mlmax.Identity;
using Mlmax.Metadata;
using Mlmax.Specs;

namespace Mlmax.Execution;

/// <summary>
/// The one scheduling loop: runs a plan's steps in dependency order, independent steps in parallel (bounded), reusing
/// cached work, and records everything. Executors differ only in where a step runs; this is the local one.
/// </summary>
public sealed partial class RunExecutor
{
    private static readonly TimeSpan ManifestInterval = TimeSpan.FromSeconds(5);
    private readonly ExecutorContext _context;

    /// <summary>Creates the executor.</summary>
    /// <param name="context">Stores, launcher and observer.</param>
    public RunExecutor(ExecutorContext context) => _context = context;

    /// <summary>Runs a plan to the end: every step finished, or one failed, or cancelled.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="options">Cache and parallelism.</param>
    /// <param name="cancellationToken">Ctrl-C: cancels running steps, records the run as cancelled.</param>
    /// <returns>How it ended.</returns>
    public async Task<RunResult> RunAsync(RunPlan plan, RunOptions options, CancellationToken cancellationToken) =>
        await ContinueAsync(plan, await StartRunAsync(plan), options, cancellationToken);

    /// <summary>Runs the steps of a run <see cref="StartRunAsync"/> has recorded, to the end (see <see cref="RunAsync"/>).</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="run">The run as <see cref="StartRunAsync"/> recorded it.</param>
    /// <param name="options">Cache and parallelism.</param>
    /// <param name="cancellationToken">Cancels running steps, records the run as cancelled.</param>
    /// <returns>How it ended.</returns>
    public async Task<RunResult> ContinueAsync(RunPlan plan, RunRecord run, RunOptions options, CancellationToken cancellationToken)
    {
        var steps = plan.Pipeline.Steps;
        var done = new Dictionary<string, StepRunRecord>(StringComparer.Ordinal);
        var running = new Dictionary<Task<StepOutcome>, string>();
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(options.Parallelism);
        StepOutcome? failure = null;
        var lastManifest = _context.Time.GetTimestamp();

        while (true)
        {
            if (failure is null && !failFast.IsCancellationRequested)
            {
                foreach (var step in steps.Where(s => !done.ContainsKey(s.Name) && !running.ContainsValue(s.Name)))
                {
                    if (Dependencies(step).All(d => done.TryGetValue(d, out var r) && r.Status is RunStatus.Succeeded or RunStatus.Cached))
                    {
                        var upstream = new Dictionary<string, StepRunRecord>(done, StringComparer.Ordinal);
                        running.Add(RunSlotAsync(slots, plan, step, upstream, options, failFast.Token), step.Name);
                    }
                }
            }

            if (running.Count == 0)
            {
                break;
            }

            var finished = await Task.WhenAny(running.Keys);
            running.Remove(finished);
            var outcome = await finished;
            done[outcome.Record.Step] = outcome.Record;
            if (_context.Time.GetElapsedTime(lastManifest) > ManifestInterval)
            {
                // Kept current while a long run goes on, but not rewritten per step: that would cost O(steps^2).
                await WriteLineageManifestAsync(plan, run, done.Values);
                lastManifest = _context.Time.GetTimestamp();
            }

            if (outcome.Record.Status is RunStatus.Failed && failure is null)
            {
                failure = outcome;
                await failFast.CancelAsync();
            }
        }

        var status = failure is not null ? RunStatus.Failed
            : cancellationToken.IsCancellationRequested || done.Count < steps.Count ? RunStatus.Cancelled
            : RunStatus.Succeeded;
        foreach (var step in steps.Where(s => !done.ContainsKey(s.Name)))
        {
            var skipped = new StepRunRecord { RunId = plan.RunId, Step = step.Name, Status = RunStatus.Cancelled, Error = "not started" };
            await _context.Metadata.SaveStepRunAsync(skipped, [], CancellationToken.None);
            done[step.Name] = skipped;
        }

        run = run with
        {
            Status = status,
            EndedAt = _context.Time.GetUtcNow(),
            Error = failure is not null ? $"step '{failure.Record.Step}' failed: {failure.Record.Error}"
                : status is RunStatus.Cancelled ? "cancelled" : null,
        };
        var ordered = steps.Select(s => done[s.Name]).ToList();
        await FinishRunAsync(plan, run, ordered);
        return new RunResult(run, ordered, failure?.Record.Step, failure?.LogTail ?? []);
    }

    /// <summary>The steps whose outputs a step reads.</summary>
    /// <param name="step">The step.</param>
    /// <returns>Their names.</returns>
    public static IEnumerable<string> Dependencies(StepSpec step) =>
        step.Inputs.Select(i => i.Source).OfType<StepOutputReference>().Select(r => r.Step).Distinct(StringComparer.Ordinal);

    /// <summary>Records a new run (or marks a resumed one running again) before any step starts.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="owner">Who drives the run: <see cref="ExecutorContext.Owner"/> for this process, or a fleet's name.</param>
    /// <returns>The run record.</returns>
    /// <exception cref="DuplicateRunTriggerException">The plan's trigger already started a run; nothing was recorded.</exception>
    public async Task<RunRecord> StartRunAsync(RunPlan plan, string? owner = null)
    {
        owner ??= ExecutorContext.Owner;
        Directory.CreateDirectory(_context.RunDirectory(plan.RunId));
        if (plan.IsResume)
        {
            var existing = await _context.Metadata.GetRunAsync(plan.RunId, CancellationToken.None)
                ?? throw new InvalidOperationException($"run {plan.RunId} is not recorded");
            var resumed = existing with { Status = RunStatus.Running, EndedAt = null, Error = null, Owner = owner };
            await _context.Metadata.UpdateRunAsync(resumed, CancellationToken.None);
            return resumed;
        }

        var run = NewRunRecord(plan, EnvironmentInfo.Describe(_context.ProjectRoot), _context.Time.GetUtcNow(), owner);
        await _context.Metadata.CreateRunAsync(run, CancellationToken.None);
        return run;
    }

    /// <summary>
    /// Runs one step of a run whose upstream steps have finished: reuses identical earlier work or runs it with its
    /// retries and timeout, publishes its outputs and records it. Any executor calls this for each step; the local
    /// one from <see cref="RunAsync"/>, a fleet's workers one step at a time.
    /// </summary>
    /// <param name="plan">The run's plan.</param>
    /// <param name="step">The step.</param>
    /// <param name="upstream">The finished step runs it reads from.</param>
    /// <param name="options">Cache settings.</param>
    /// <param name="cancellationToken">Stops the step; it is then recorded as cancelled.</param>
    /// <returns>The recorded step run and, if it failed, the last lines of its log.</returns>
    public async Task<(StepRunRecord Record, IReadOnlyList<string> LogTail)> RunOneStepAsync(
        RunPlan plan, StepSpec step, IReadOnlyDictionary<string, StepRunRecord> upstream, RunOptions options, CancellationToken cancellationToken)
    {
        var outcome = await GuardedStepAsync(plan, step, upstream, options, cancellationToken);
        return (outcome.Record, outcome.LogTail);
    }

    /// <summary>Ends a run: its final status and error, and the lineage manifest beside it.</summary>
    /// <param name="plan">The run's plan.</param>
    /// <param name="run">The run record with its final status.</param>
    /// <param name="steps">Its step runs.</param>
    /// <returns>A task.</returns>
    public async Task FinishRunAsync(RunPlan plan, RunRecord run, IEnumerable<StepRunRecord> steps)
    {
        await _context.Metadata.UpdateRunAsync(run, CancellationToken.None);
        await WriteLineageManifestAsync(plan, run, steps);
    }

    private async Task<StepOutcome> RunSlotAsync(
        SemaphoreSlim slots, RunPlan plan, StepSpec step, IReadOnlyDictionary<string, StepRunRecord> upstream, RunOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await slots.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            var record = new StepRunRecord { RunId = plan.RunId, Step = step.Name, Status = RunStatus.Cancelled, Error = "cancelled before start" };
            await _context.Metadata.SaveStepRunAsync(record, [], CancellationToken.None);
            return new StepOutcome(record, []);
        }

        try
        {
            return await GuardedStepAsync(plan, step, upstream, options, cancellationToken);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task<StepOutcome> GuardedStepAsync(
        RunPlan plan, StepSpec step, IReadOnlyDictionary<string, StepRunRecord> upstream, RunOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await RunStepAsync(plan, step, upstream, options, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Anything unforeseen fails this step alone: the run still ends and is recorded.
            var record = new StepRunRecord { RunId = plan.RunId, Step = step.Name, StartedAt = _context.Time.GetUtcNow() };
            return await FailAsync(record, $"{e.GetType().Name}: {e.Message}", []);
        }
    }

    private sealed record StepOutcome(StepRunRecord Record, IReadOnlyList<string> LogTail);

    /// <summary>The record of a run about to start, whatever runs it: the plan's definition, parameters and inputs.</summary>
    /// <param name="plan">The run's plan.</param>
    /// <param name="environment">The environment it runs in (<see cref="EnvironmentInfo.Describe"/>, plus anything the executor adds).</param>
    /// <param name="startedAt">When it started.</param>
    /// <param name="owner">Who runs it, e.g. <c>host:pid</c>.</param>
    /// <returns>The record, status running.</returns>
    public static RunRecord NewRunRecord(RunPlan plan, IReadOnlyDictionary<string, string> environment, DateTimeOffset startedAt, string owner) => new()
    {
        Id = plan.RunId,
        Pipeline = plan.Pipeline.Name,
        DefinitionVersion = plan.DefinitionVersion,
        DefinitionJson = plan.DefinitionJson,
        ParametersJson = JsonSerializer.Serialize(new SortedDictionary<string, object>(plan.Parameters.ToDictionary(), StringComparer.Ordinal)),
        InputsJson = JsonSerializer.Serialize(new SortedDictionary<string, InputBindingRecord>(plan.Inputs.ToDictionary(), StringComparer.Ordinal)),
        EnvironmentJson = JsonSerializer.Serialize(new SortedDictionary<string, string>(environment.ToDictionary(), StringComparer.Ordinal)),
        StartedAt = startedAt,
        Owner = owner,
        Trigger = plan.Trigger,
    };
}
