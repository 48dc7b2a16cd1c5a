using System.ComponentModel;
using Mlmax.Cli.Internal;
using Mlmax.Definitions;
using Mlmax.Registry;
using Mlmax.Specs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands.Models;

/// <summary><c>mlmax models promote REF --to ALIAS</c>: move an alias through the promotion gates.</summary>
internal sealed class ModelsPromoteCommand : AsyncCommand<ModelsPromoteCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<MODEL>")]
        [Description("The candidate: NAME (latest), NAME:VERSION or NAME@ALIAS.")]
        public string Model { get; init; } = "";

        [CommandOption("--to <ALIAS>")]
        [Description("The alias to move, e.g. staging or production.")]
        public string To { get; init; } = "";

        [CommandOption("--gate <GATE>")]
        [Description("An extra gate (repeatable): METRIC>=N, METRIC<=N, 'METRIC drop<=N' or 'METRIC rise<=N' (vs the current holder).")]
        public string[] Gates { get; init; } = [];

        [CommandOption("--why <TEXT>")]
        [Description("Why (recorded with the decision).")]
        public string? Why { get; init; }

        [CommandOption("--force")]
        [Description("Move the alias even if a gate fails (recorded as forced).")]
        public bool Force { get; init; }
    }

    public override ValidationResult Validate(CommandContext context, Settings settings) =>
        System.Text.RegularExpressions.Regex.IsMatch(settings.To, "^[a-z][a-z0-9_-]*$")
            ? ValidationResult.Success()
            : ValidationResult.Error($"--to needs an alias like staging or production (lowercase letters, digits, '-' and '_'), got '{settings.To}'");

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var candidate = await ModelResolver.ResolveAsync(host, settings.Model, cancellationToken);
        var run = await host.Metadata.GetRunAsync(candidate.RunId, cancellationToken);
        var gates = new List<PromotionGate>(run is null ? [] : CanonicalForm.FromJson(run.DefinitionJson).Model?.Gates ?? []);
        try
        {
            gates.AddRange(settings.Gates.Select(GateEvaluator.Parse));
        }
        catch (FormatException e)
        {
            throw new UserException(e.Message);
        }

        var outcome = await new ModelPromoter(host.Registry, TimeProvider.System)
            .PromoteAsync(candidate, settings.To, gates, Environment.UserName, settings.Why, settings.Force, cancellationToken);
        if (settings.Json)
        {
            Json.Write(ModelJson.Outcome(outcome));
        }
        else
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("gate", "result", "detail");
            foreach (var g in outcome.Gates)
            {
                table.AddRow(Markup.Escape(g.Gate), g.Passed ? "[green]pass[/]" : "[red]fail[/]", Markup.Escape(g.Detail));
            }

            if (outcome.Gates.Count > 0)
            {
                AnsiConsole.Write(table);
            }

            AnsiConsole.MarkupLine(outcome.Moved
                ? $"[green]{Markup.Escape(outcome.Name)}@{Markup.Escape(outcome.Alias)}[/] -> version {outcome.To} (was {(outcome.From is { } f ? f.ToString(System.Globalization.CultureInfo.InvariantCulture) : "unset")})"
                : $"[red]rejected:[/] {Markup.Escape(candidate.Reference)} did not pass the gates for @{Markup.Escape(outcome.Alias)} (recorded; --force to override)");
        }

        return outcome.Moved ? 0 : 1;
    }
}
