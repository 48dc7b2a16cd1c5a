using System.ComponentModel;
using System.Text.RegularExpressions;
using Mlmax.Cli.Internal;
using Mlmax.Fleet;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands;

/// <summary><c>mlmax worker</c>: run the steps of fleet runs, on any machine that reaches the database and the artifact store.</summary>
internal sealed partial class WorkerCommand : AsyncCommand<WorkerCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandOption("--pool <NAME>")]
        [Description("Serve this pool (repeatable): steps declaring pool: NAME run only on its workers. Default: default.")]
        public string[] Pools { get; init; } = [];

        [CommandOption("--slots <N>")]
        [Description("Run at most N steps at once (default: the number of cores).")]
        public int Slots { get; init; }

        [CommandOption("--invisibility-timeout <SECONDS>")]
        [Description("How soon a step whose worker died starts on another worker (default: 300). Live workers keep extending it, so steps may run longer.")]
        public double InvisibilityTimeout { get; init; }

        [CommandOption("--scheduler")]
        [Description("Also fire the project's schedules, submitting their runs to the fleet. Any number of workers may: each slot fires on one of them.")]
        public bool Scheduler { get; init; }

        [CommandOption("-q|--quiet")]
        [Description("Log only step starts and ends, not the steps' own output.")]
        public bool Quiet { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var pools = settings.Pools.Length == 0 ? [Specs.StepSpec.DefaultPool] : settings.Pools.Distinct(StringComparer.Ordinal).ToArray();
        foreach (var pool in pools.Where(p => !PoolName().IsMatch(p)))
        {
            throw new UserException($"--pool '{pool}': a pool name is 1 to 50 lowercase letters, digits, '_' or '-'");
        }

        if (settings.Slots < 0 || settings.InvisibilityTimeout < 0)
        {
            throw new UserException("--slots and --invisibility-timeout must be positive");
        }

        var options = new FleetOptions();
        if (settings.InvisibilityTimeout > 0)
        {
            options = options with { InvisibilityTimeout = TimeSpan.FromSeconds(settings.InvisibilityTimeout) };
        }

        // SIGTERM (systemd, a container stopping) stops the worker as Ctrl-C does: its steps go back to the queue at once.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            stop.Cancel();
        });
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        using var fleet = host.OpenFleet(options);
        var observer = new WorkerObserver(Console.Out, settings.Quiet);
        var executorContext = host.CreateContext(observer, observer.Note) with { WorkerTag = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var slots = settings.Slots > 0 ? settings.Slots : Environment.ProcessorCount;
        using (new FleetWorker(fleet, executorContext, pools, slots))
        {
            observer.Note($"worker {Execution.ExecutorContext.Owner} serving pool(s) {string.Join(", ", pools)} with {slots} slot(s); queue in {fleet.Description}, project {host.Root}");
            if (host.LocalArtifactsWarning() is { } warning)
            {
                observer.Note("warning: " + warning);
            }

            try
            {
                if (settings.Scheduler)
                {
                    var launcher = new FleetRunLauncher(host, host.CreateContext(observer, observer.Note), fleet, observer);
                    await SchedulerSession.RunAsync(host, launcher, SchedulerSession.OnTheFleet, slots * 10, observer, stop.Token);
                }

                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }

            observer.Note("stopping: running steps go back to the queue");
        }

        observer.Note("stopped");
        return 0;
    }

    [GeneratedRegex("^[a-z0-9_-]{1,50}$")]
    private static partial Regex PoolName();
}
