using System.ComponentModel;
using Mlmax.Cli.Internal;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands;

/// <summary><c>mlmax runs</c>: the project's runs, newest first.</summary>
internal sealed class RunsCommand : AsyncCommand<RunsCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandOption("--pipeline <NAME>")]
        [Description("Only this pipeline's runs.")]
        public string? Pipeline { get; init; }

        [CommandOption("-n|--limit <N>")]
        [Description("At most N runs (default 20).")]
        public int Limit { get; init; } = 20;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var runs = await host.Metadata.ListRunsAsync(settings.Pipeline, settings.Limit, cancellationToken);
        if (settings.Json)
        {
            Json.Write(runs.Select(r => new
            {
                run = r.Id,
                pipeline = r.Pipeline,
                status = RunLiveness.Effective(r),
                started_at = r.StartedAt,
                ended_at = r.EndedAt,
                definition_version = r.DefinitionVersion,
                parameters = Json.Parse(r.ParametersJson),
                trigger = r.Trigger,
                error = r.Error,
            }));
            return 0;
        }

        if (runs.Count == 0)
        {
            AnsiConsole.MarkupLine("no runs yet: try [bold]mlmax run training[/]");
            return 0;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns("run", "pipeline", "status", "started", "time", "trigger", "definition");
        foreach (var r in runs)
        {
            table.AddRow(r.Id, Markup.Escape(r.Pipeline), Format.Status(RunLiveness.Effective(r)), Format.Time(r.StartedAt),
                Format.Duration(r.StartedAt, r.EndedAt), Markup.Escape(Format.Trigger(r.Trigger)), Markup.Escape(r.DefinitionVersion[..Math.Min(19, r.DefinitionVersion.Length)]));
        }

        AnsiConsole.Write(table);
        return 0;
    }
}
