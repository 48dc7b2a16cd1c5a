using Mlmax.Cli.Internal;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands.Schedule;

/// <summary><c>mlmax schedule sync</c>: store the schedules and watches the pipeline definitions declare (mlmax scheduler does it when it starts and as it runs).</summary>
internal sealed class ScheduleSyncCommand : AsyncCommand<ProjectCommandSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ProjectCommandSettings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        await using var book = await Schedules.OpenAsync(host, cancellationToken);
        var sync = await DeclaredSchedules.SyncAsync(host, book, cancellationToken);
        if (settings.Json)
        {
            Json.Write(new { added = sync.Added, updated = sync.Updated, removed = sync.Removed, unchanged = sync.Unchanged, conflicts = sync.Conflicts });
            return 0;
        }

        AnsiConsole.MarkupLine(Markup.Escape(DeclaredSchedules.Describe(sync)));
        foreach (var conflict in DeclaredSchedules.Conflicts(sync))
        {
            AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(conflict)}");
        }

        return 0;
    }
}
