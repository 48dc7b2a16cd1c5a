using Mlmax.Execution;
using Mlmax.Scheduling;

namespace Mlmax.Cli.Internal;

/// <summary>
/// The schedules of a project fired until stopped: <c>mlmax scheduler</c>, and <c>mlmax worker --scheduler</c> on the
/// fleet. Starts the runner (standing by on SQLite while another scheduler is active), says which schedules it fires and
/// where runs start, notes when it takes over, and stops it.
/// </summary>
internal static class SchedulerSession
{
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
        };
        await using var runner = await ScheduleRunner.CreateAsync(Schedules.Database(host), launcher, host.Metadata, options, stop);
        var schedules = await runner.Schedules.ListAsync(stop);
        observer.Note($"scheduler {options.NodeId}: {schedules.Count} schedule(s) in {host.StoresDescription()}; runs start {where}");
        foreach (var s in schedules)
        {
            observer.Note(s.Paused
                ? $"  {s.Spec.Id}: paused"
                : $"  {s.Spec.Id}: {s.Spec.Pipeline} at {s.Spec.Cron} ({s.Spec.TimeZone}), next {string.Join(", ", s.NextFires.Take(1).Select(f => Schedules.Slot(f, s.Spec.TimeZone)))}");
        }

        await runner.StartAsync(stop);
        var active = runner.IsActive;
        if (!active)
        {
            observer.Note($"another scheduler is active for this project (it holds {SchedulerPresence.LockPath(Path.Combine(host.StateDirectory, "mlmax.db"))}): standing by to take over");
        }

        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
                if (runner.IsActive && !active)
                {
                    active = true;
                    observer.Note("the other scheduler has stopped: this one is active now");
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

    /// <summary>Where a local launcher's runs start.</summary>
    public const string InProcess = "in this process";

    /// <summary>Where a fleet launcher's runs start.</summary>
    public const string OnTheFleet = "on the worker fleet";
}
