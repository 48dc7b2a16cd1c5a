using System.ComponentModel;
using Mlmax.Cli.Internal;
using Mlmax.Fleet;
using Mlmax.Metadata;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands;

/// <summary><c>mlmax cancel RUN</c>: stop a run on the worker fleet.</summary>
internal sealed class CancelCommand : AsyncCommand<CancelCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<RUN>")]
        [Description("The run id, or a unique prefix of it.")]
        public string Run { get; init; } = "";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var run = await host.Metadata.GetRunAsync(settings.Run, cancellationToken)
            ?? throw new UserException($"no run '{settings.Run}' (see: mlmax runs)");
        if (!run.Owner.StartsWith("fleet@", StringComparison.Ordinal))
        {
            throw new UserException(run.Status == RunStatus.Running
                ? $"run {run.Id} runs in process {run.Owner}, not on the fleet: press Ctrl-C where it runs"
                : $"run {run.Id} is {run.Status.ToString().ToLowerInvariant()}, not running");
        }

        using var fleet = host.OpenFleet(new FleetOptions());
        var observer = new WorkerObserver(TextWriter.Null, quiet: true);
        var scheduler = new FleetScheduler(host.CreateContext(observer, observer.Note), fleet);
        var cancelled = await scheduler.CancelAsync(run.Id, $"cancelled by {Environment.UserName}", cancellationToken);
        if (settings.Json)
        {
            Json.Write(new { run = run.Id, cancelled });
        }
        else
        {
            AnsiConsole.MarkupLine(cancelled
                ? $"run {run.Id} cancelled: its running steps stop within seconds, queued ones never start"
                : $"run {run.Id} had already ended ({run.Status.ToString().ToLowerInvariant()})");
        }

        return cancelled ? 0 : 1;
    }
}
