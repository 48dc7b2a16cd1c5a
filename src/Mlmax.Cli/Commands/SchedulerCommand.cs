using System.ComponentModel;
using Mlmax.Cli.Internal;
using Mlmax.Scheduling;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands;

/// <summary><c>mlmax scheduler</c>: fire the project's schedules, starting each slot's run in this process or on the worker fleet.</summary>
internal sealed class SchedulerCommand : AsyncCommand<SchedulerCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandOption("--max-runs <N>")]
        [Description("At most N scheduled runs at once in this process (default: 10).")]
        public int MaxRuns { get; init; }

        [CommandOption("--executor <EXECUTOR>")]
        [Description("Where scheduled runs start: local (in this process) or hangfire (submitted to the worker fleet, where they go on if the scheduler stops). Default: MLMAX_EXECUTOR, else executor: in mlmax.yaml, else local.")]
        public string? Executor { get; init; }

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
        var executorContext = host.CreateContext(observer, observer.Note);
        var maxRuns = settings.MaxRuns > 0 ? settings.MaxRuns : 10;
        if (host.Executor(settings.Executor) == "hangfire")
        {
            using var fleet = host.OpenFleet(new Fleet.FleetOptions());
            await SchedulerSession.RunAsync(host, new FleetRunLauncher(host, executorContext, fleet, observer), SchedulerSession.OnTheFleet, maxRuns, observer, stop.Token);
        }
        else
        {
            await SchedulerSession.RunAsync(host, new LocalRunLauncher(host, executorContext, observer), SchedulerSession.InProcess, maxRuns, observer, stop.Token);
        }

        observer.Note("stopped");
        return 0;
    }
}
