using System.ComponentModel;
using Mlmax.Cli.Internal;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands;

/// <summary><c>mlmax export ARTIFACT DIR</c>: copy an artifact's files out of the store, verifying every hash.</summary>
internal sealed class ExportCommand : AsyncCommand<ExportCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<ARTIFACT>")]
        [Description("The artifact id (sha256:..., or a prefix of its hex digits), or RUN/STEP.OUTPUT.")]
        public string Artifact { get; init; } = "";

        [CommandArgument(1, "<DIR>")]
        [Description("Where to write its files (created; existing files are overwritten).")]
        public string Directory { get; init; } = "";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var id = await ArtifactResolver.ResolveAsync(host, settings.Artifact, cancellationToken);
        var tree = await host.Artifacts.MaterializeAsync(id, settings.Directory, cancellationToken);
        if (settings.Json)
        {
            Json.Write(new { artifact = id, directory = Path.GetFullPath(settings.Directory), files = tree.Files });
            return 0;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns("file", "bytes", "sha256");
        foreach (var f in tree.Files)
        {
            table.AddRow(Markup.Escape(f.Path), f.Size.ToString(System.Globalization.CultureInfo.InvariantCulture), f.Sha256[..16]);
        }

        AnsiConsole.MarkupLine($"exported {Markup.Escape(id)} to {Markup.Escape(Path.GetFullPath(settings.Directory))} (hashes verified)");
        AnsiConsole.Write(table);
        return 0;
    }
}
