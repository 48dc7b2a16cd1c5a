using System.ComponentModel;
using Mlmax.Cli.Internal;
using Mlmax.Registry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands.Models;

/// <summary><c>mlmax models archive NAME:VERSION</c>: retire a version that holds no alias.</summary>
internal sealed class ModelsArchiveCommand : AsyncCommand<ModelsArchiveCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<MODEL>")]
        [Description("NAME:VERSION.")]
        public string Model { get; init; } = "";

        [CommandOption("--why <TEXT>")]
        [Description("Why (recorded).")]
        public string? Why { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var version = await ModelResolver.ResolveAsync(host, settings.Model, cancellationToken);
        await host.Registry.ArchiveAsync(version.Name, version.Version,
            new RegistryEvent(version.Name, "archive", null, null, version.Version, Environment.UserName, DateTimeOffset.UtcNow, settings.Why, []), cancellationToken);
        if (settings.Json)
        {
            Json.Write(ModelJson.Version(version with { Archived = true }));
        }
        else
        {
            AnsiConsole.MarkupLine($"archived {Markup.Escape(version.Reference)}");
        }

        return 0;
    }
}
