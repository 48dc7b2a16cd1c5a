using Mlmax.Cli.Internal;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands.Schedule;

/// <summary><c>mlmax schedule list</c>: the schedules with their next slots, and the watches.</summary>
internal sealed class ScheduleListCommand : AsyncCommand<ProjectCommandSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ProjectCommandSettings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        await using var book = await Schedules.OpenAsync(host, cancellationToken);
        var schedules = await book.ListAsync(cancellationToken);
        var watches = await book.ListWatchesAsync(cancellationToken);
        if (settings.Json)
        {
            Json.Write(schedules.Select(Schedules.ToJson).Concat(watches.Select(Schedules.ToJson)));
            return 0;
        }

        if (schedules.Count == 0 && watches.Count == 0)
        {
            AnsiConsole.MarkupLine("no schedules yet: declare them under [bold]schedules:[/] in a pipeline and run [bold]mlmax schedule sync[/], or [bold]mlmax schedule add PIPELINE --cron \"0 3 * * *\"[/]");
            return 0;
        }

        if (schedules.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("schedule", "origin", "pipeline", "cron", "time zone", "next", "misfire", "overlap");
            foreach (var s in schedules)
            {
                table.AddRow(
                    Markup.Escape(s.Spec.Id),
                    s.Spec.Declared ? "declared" : "added",
                    Markup.Escape(s.Spec.Pipeline),
                    Markup.Escape(s.Spec.Cron),
                    Markup.Escape(s.Spec.TimeZone),
                    s.Paused ? "[yellow]paused[/]" : Markup.Escape(string.Join(", ", s.NextFires.Select(f => Schedules.Slot(f, s.Spec.TimeZone)))),
                    Schedules.Name(s.Spec.Misfire),
                    Schedules.Name(s.Spec.Overlap));
            }

            AnsiConsole.Write(table);
        }

        if (watches.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("watch", "origin", "pipeline", "path", "pattern", "input", "runs", "poll");
            foreach (var w in watches)
            {
                table.AddRow(
                    Markup.Escape(w.Spec.Id),
                    w.Spec.Declared ? "declared" : "added",
                    Markup.Escape(w.Spec.Pipeline),
                    Markup.Escape(w.Spec.Path),
                    Markup.Escape(w.Spec.Pattern),
                    Markup.Escape(w.Spec.Input),
                    w.Spec.Batch ? "one per poll" : "one per file",
                    w.Paused ? "[yellow]paused[/]" : $"every {w.Spec.Poll.TotalSeconds:0}s");
            }

            AnsiConsole.Write(table);
        }

        return 0;
    }
}
