using System.ComponentModel;
using Mlmax.Cli.Internal;
using Mlmax.Execution;
using Mlmax.Metadata;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands;

/// <summary><c>mlmax resume RUN</c>: continue a failed, cancelled or interrupted run from where it stopped.</summary>
internal sealed class ResumeCommand : AsyncCommand<ResumeCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<RUN>")]
        [Description("The run id, or a unique prefix of it.")]
        public string Run { get; init; } = "";

        [CommandOption("--explain")]
        [Description("Say for each step why it ran or was reused.")]
        public bool Explain { get; init; }

        [CommandOption("-q|--quiet")]
        [Description("Do not stream step logs.")]
        public bool Quiet { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var run = await host.Metadata.GetRunAsync(settings.Run, cancellationToken)
            ?? throw new UserException($"no run '{settings.Run}' (see: mlmax runs)");
        if (run.Owner.StartsWith("fleet@", StringComparison.Ordinal))
        {
            throw new UserException(
                $"run {run.Id} ran on the worker fleet: run the pipeline again with --executor hangfire (its finished steps are reused from the cache)");
        }

        var status = RunLiveness.Effective(run);
        if (status == RunStatus.Succeeded)
        {
            throw new UserException($"run {run.Id} already succeeded; nothing to resume");
        }

        if (status == RunStatus.Running)
        {
            throw new UserException($"run {run.Id} is still running (process {run.Owner}); wait for it or stop it first");
        }

        var steps = await host.Metadata.GetStepRunsAsync(run.Id, cancellationToken);
        var plan = RunPlanner.PlanResume(run, steps);
        var console = settings.Json ? ConsoleOutput.Error : AnsiConsole.Console;
        var observer = new ConsoleRunObserver(console, settings.Explain, settings.Quiet);
        var executorContext = host.CreateContext(observer, observer.Note);
        return await RunReport.ExecuteAsync(host, executorContext, plan, new RunOptions(), console, observer, settings.Json, cancellationToken);
    }
}
