using System.ComponentModel;
using Mlmax.Cli.Internal;
using Mlmax.Registry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands.Models;

/// <summary><c>mlmax models rollback NAME@ALIAS</c>: return an alias to its previous holder.</summary>
internal sealed class ModelsRollbackCommand : AsyncCommand<ModelsRollbackCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<MODEL_ALIAS>")]
        [Description("NAME@ALIAS, e.g. census@production.")]
        public string Target { get; init; } = "";

        [CommandOption("--why <TEXT>")]
        [Description("Why (recorded).")]
        public string? Why { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        ModelReference reference;
        try
        {
            reference = ModelReference.Parse(settings.Target);
        }
        catch (FormatException e)
        {
            throw new UserException(e.Message);
        }

        if (reference.Alias is null)
        {
            throw new UserException($"'{settings.Target}' names no alias: use NAME@ALIAS, e.g. {reference.Name}@production");
        }

        var outcome = await new ModelPromoter(host.Registry, TimeProvider.System)
            .RollbackAsync(reference.Name, reference.Alias, Environment.UserName, settings.Why, cancellationToken);
        if (settings.Json)
        {
            Json.Write(ModelJson.Outcome(outcome));
        }
        else
        {
            AnsiConsole.MarkupLine($"[green]{Markup.Escape(reference.ToString())}[/] rolled back: version {outcome.From} -> {outcome.To}");
        }

        return 0;
    }
}
