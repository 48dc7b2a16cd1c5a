using System.ComponentModel;
using Mlmax.Cli.Internal;
using Mlmax.Scheduling;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands;

/// <summary><c>mlmax scheduler</c>: fire the project's schedules, starting each slot's run in this process.</summary>
internal sealed class SchedulerCommand : AsyncCommand<SchedulerCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandOption("--max-runs <N>")]
        [Description("At most N scheduled runs at once in this process (default: 10).")]
        public int MaxRuns { get; init; }

        [CommandOption("-q|--quiet")]
        [Description("Log only slots, runs and step starts and ends, not the steps' own output.")]
        public bool Quiet { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.MaxRuns < 0)
        {
            throw new UserException("--max-runs must be positive");
        }

        // SIGTERM (systemd, a container stopping) stops the scheduler as Ctrl-C does.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            stop.Cancel();
        });
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var observer = new WorkerObserver(Console.Out, settings.Quiet);
        var launcher = new LocalRunLauncher(host, host.CreateContext(observer, observer.Note), observer);
        var options = new SchedulerOptions
        {
            NodeId = Execution.ExecutorContext.Owner,
            MaxConcurrentRuns = settings.MaxRuns > 0 ? settings.MaxRuns : 10,
            LoggerFactory = new NoteLoggerFactory(observer),
        };
        await using var runner = await ScheduleRunner.CreateAsync(Schedules.Database(host), launcher, host.Metadata, options, cancellationToken);
        var schedules = await runner.Schedules.ListAsync(cancellationToken);
        observer.Note($"scheduler {options.NodeId}: {schedules.Count} schedule(s) in {host.StoresDescription()}; runs start in this process");
        foreach (var s in schedules)
        {
            observer.Note(s.Paused
                ? $"  {s.Spec.Id}: paused"
                : $"  {s.Spec.Id}: {s.Spec.Pipeline} at {s.Spec.Cron} ({s.Spec.TimeZone}), next {string.Join(", ", s.NextFires.Take(1).Select(f => Schedules.Slot(f, s.Spec.TimeZone)))}");
        }

        await runner.StartAsync(cancellationToken);
        var active = runner.IsActive;
        if (!active)
        {
            observer.Note($"another scheduler is active for this project (it holds {Path.Combine(host.StateDirectory, "mlmax.db.scheduler.lock")}): standing by to take over");
        }

        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
                if (runner.IsActive && !active)
                {
                    active = true;
                    observer.Note("the other scheduler has stopped: this one is active now");
                }
            }
        }
        catch (OperationCanceledException)
        {
            observer.Note("stopping: running scheduled runs are cancelled; the next scheduler to start finds them and starts none again");
        }

        await runner.StopAsync();
        observer.Note("stopped");
        return 0;
    }
}
