using System.ComponentModel;
using Mlmax.Cli.Internal;
using Mlmax.Registry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands.Models;

/// <summary><c>mlmax models show REF</c>: one version, its verified bundle and the model's decision history.</summary>
internal sealed class ModelsShowCommand : AsyncCommand<ModelsShowCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<MODEL>")]
        [Description("NAME (latest), NAME:VERSION or NAME@ALIAS.")]
        public string Model { get; init; } = "";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var version = await ModelResolver.ResolveAsync(host, settings.Model, cancellationToken);
        var manifest = await BundleManifest.ReadVerifiedAsync(host.Artifacts, version, cancellationToken);
        var history = await host.Registry.HistoryAsync(version.Name, cancellationToken);
        if (settings.Json)
        {
            Json.Write(new { version = ModelJson.Version(version), manifest, history });
            return 0;
        }

        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]model[/]", Markup.Escape(version.Reference) + (version.Archived ? " [grey](archived)[/]" : ""));
        grid.AddRow("[bold]aliases[/]", Markup.Escape(string.Join(", ", version.Aliases.Select(a => "@" + a))));
        grid.AddRow("[bold]run[/]", version.RunId);
        grid.AddRow("[bold]bundle[/]", $"{Markup.Escape(version.BundleArtifact)} [green](verified)[/]");
        foreach (var (role, id) in version.Components)
        {
            grid.AddRow($"[bold]{Markup.Escape(role)}[/]", Markup.Escape(id));
        }

        grid.AddRow("[bold]metrics[/]", Markup.Escape(string.Join(", ", version.Metrics.Select(m => $"{m.Key} {Format.Metric(m.Value)}"))));
        AnsiConsole.Write(grid);
        var table = new Table().Border(TableBorder.Rounded).AddColumns("when", "action", "alias", "from", "to", "who", "why", "gates");
        foreach (var e in history)
        {
            table.AddRow(Format.Time(e.At), e.Action == "reject" ? "[red]reject[/]" : e.Action, Markup.Escape(e.Alias ?? ""),
                e.FromVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", e.ToVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                Markup.Escape(e.Who), Markup.Escape(e.Why ?? ""),
                Markup.Escape(string.Join("\n", e.Gates.Select(g => $"{(g.Passed ? "pass" : "FAIL")} {g.Gate} ({g.Detail})"))));
        }

        AnsiConsole.Write(table);
        return 0;
    }
}
