using System.ComponentModel;
using Mlmax.Cli.Internal;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands.Models;

/// <summary><c>mlmax models list [NAME]</c>.</summary>
internal sealed class ModelsListCommand : AsyncCommand<ModelsListCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "[NAME]")]
        [Description("Only this model's versions.")]
        public string? Name { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var versions = await host.Registry.ListAsync(settings.Name, cancellationToken);
        if (settings.Json)
        {
            Json.Write(versions.Select(ModelJson.Version));
            return 0;
        }

        if (versions.Count == 0)
        {
            AnsiConsole.MarkupLine("no model versions yet: a training pipeline with a [bold]model:[/] section registers one after each successful run");
            return 0;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns("model", "version", "aliases", "run", "registered", "metrics");
        foreach (var v in versions)
        {
            table.AddRow(
                Markup.Escape(v.Name),
                v.Archived ? $"[grey]{v.Version} (archived)[/]" : v.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(string.Join(", ", v.Aliases.Select(a => "@" + a))),
                v.RunId,
                Format.Time(v.CreatedAt),
                Markup.Escape(string.Join(", ", v.Metrics.Take(4).Select(m => $"{m.Key} {Format.Metric(m.Value)}"))));
        }

        AnsiConsole.Write(table);
        return 0;
    }
}
