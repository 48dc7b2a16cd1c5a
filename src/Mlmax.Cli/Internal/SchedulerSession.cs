using Mlmax.Execution;
using Mlmax.Scheduling;

namespace Mlmax.Cli.Internal;

/// <summary>
/// The schedules and watches of a project fired until stopped: <c>mlmax scheduler</c>, and <c>mlmax worker --scheduler</c>
/// on the fleet. Syncs the declared ones (at start and every 30 seconds), starts the runner (standing by on SQLite while
/// another scheduler is active), says which schedules and watches it fires and where runs start, notes when it takes
/// over, and stops it.
/// </summary>
internal static class SchedulerSession
{
    /// <summary>How often the declared schedules and watches are synced while the scheduler runs (reading the definitions is cheap).</summary>
    private const int SyncEverySeconds = 30;

    /// <summary>Fires the project's schedules until <paramref name="stop"/> is cancelled.</summary>
    /// <param name="host">The project.</param>
    /// <param name="launcher">Where slots' runs start.</param>
    /// <param name="where">Where runs start, for people: <c>in this process</c>, <c>on the worker fleet</c>.</param>
    /// <param name="maxRuns">At most this many scheduled runs at once.</param>
    /// <param name="observer">The log.</param>
    /// <param name="stop">Stops the scheduler.</param>
    /// <returns>A task.</returns>
    public static async Task RunAsync(ProjectHost host, IRunLauncher launcher, string where, int maxRuns, WorkerObserver observer, CancellationToken stop)
    {
        var options = new SchedulerOptions
        {
            NodeId = ExecutorContext.Owner,
            MaxConcurrentRuns = maxRuns,
            LoggerFactory = new NoteLoggerFactory(observer),
            WatchStagingDirectory = Path.Combine(host.StateDirectory, "watches"),
        };
        await using var runner = await ScheduleRunner.CreateAsync(Schedules.Database(host), launcher, host.Metadata, options, stop);
        var sync = await DeclaredSchedules.SyncAsync(host, runner.Schedules, stop);
        observer.Note(DeclaredSchedules.Describe(sync));
        foreach (var conflict in DeclaredSchedules.Conflicts(sync))
        {
            observer.Note("warning: " + conflict);
        }

        var schedules = await runner.Schedules.ListAsync(stop);
        var watches = await runner.Schedules.ListWatchesAsync(stop);
        observer.Note($"scheduler {options.NodeId}: {schedules.Count} schedule(s) and {watches.Count} watch(es) in {host.StoresDescription()}; runs start {where}");
        foreach (var s in schedules)
        {
            observer.Note(s.Paused
                ? $"  {s.Spec.Id}: paused"
                : $"  {s.Spec.Id}: {s.Spec.Pipeline} at {s.Spec.Cron} ({s.Spec.TimeZone}), next {string.Join(", ", s.NextFires.Take(1).Select(f => Schedules.Slot(f, s.Spec.TimeZone)))}");
        }

        foreach (var w in watches)
        {
            observer.Note(w.Paused ? $"  {w.Spec.Id}: paused" : $"  {w.Spec.Id}: {w.Spec.Pipeline} for each new {w.Spec.Pattern} under {w.Spec.Path}, every {w.Spec.Poll.TotalSeconds:0}s");
        }

        await runner.StartAsync(stop);
        var active = runner.IsActive;
        if (!active)
        {
            observer.Note($"another scheduler is active for this project (it holds {SchedulerPresence.LockPath(Path.Combine(host.StateDirectory, "mlmax.db"))}): standing by to take over");
        }

        try
        {
            for (var tick = 1; ; tick++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
                if (runner.IsActive && !active)
                {
                    active = true;
                    observer.Note("the other scheduler has stopped: this one is active now");
                }

                if (tick % SyncEverySeconds == 0)
                {
                    await ResyncAsync(host, runner, observer, stop);
                }
            }
        }
        catch (OperationCanceledException)
        {
            observer.Note(where == InProcess
                ? "stopping the scheduler: running scheduled runs are cancelled; the next scheduler to start finds them and starts none again"
                : "stopping the scheduler: scheduled runs go on on the fleet");
        }

        await runner.StopAsync();
    }

    /// <summary>Picks up edits to the definitions' schedules and watches while running; a definition that does not load now is reported and the stored ones are kept.</summary>
    private static async Task ResyncAsync(ProjectHost host, ScheduleRunner runner, WorkerObserver observer, CancellationToken cancellationToken)
    {
        try
        {
            var sync = await DeclaredSchedules.SyncAsync(host, runner.Schedules, cancellationToken);
            if (sync.Changed)
            {
                observer.Note("definitions changed: " + DeclaredSchedules.Describe(sync with { Unchanged = [] }));
            }
        }
        catch (Exception e) when (e is UserException or Definitions.DefinitionException)
        {
            observer.Note($"warning: the declared schedules were not synced (the stored ones go on): {e.Message}");
        }
    }

    /// <summary>Where a local launcher's runs start.</summary>
    public const string InProcess = "in this process";

    /// <summary>Where a fleet launcher's runs start.</summary>
    public const string OnTheFleet = "on the worker fleet";
}
