using System.ComponentModel;
using Mlmax.Cli.Internal;
using Mlmax.Registry;
using Mlmax.Stores.Local;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands.Models;

/// <summary><c>mlmax models export REF --out DIR</c>: a version as a self-contained, hash-verified folder, e.g. the
/// <c>mlmax_model</c> input of a SageMaker predict job.</summary>
internal sealed class ModelsExportCommand : AsyncCommand<ModelsExportCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<MODEL>")]
        [Description("NAME (latest), NAME:VERSION or NAME@ALIAS.")]
        public string Model { get; init; } = "";

        [CommandOption("-o|--out <DIR>")]
        [Description("The folder to write; must not exist yet.")]
        public string Out { get; init; } = "";

        public override ValidationResult Validate() =>
            Out.Length == 0 ? ValidationResult.Error("--out DIR is required: the folder to export the version into") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var version = await ModelResolver.ResolveAsync(host, settings.Model, cancellationToken);
        var target = Path.GetFullPath(settings.Out);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new UserException($"--out {settings.Out}: the folder exists and is not empty; choose a new folder");
        }

        var blobs = await ModelExport.ExportAsync(host.Artifacts, version, target, dir => new LocalBlobStore(dir), cancellationToken);
        if (settings.Json)
        {
            Json.Write(new { model = version.Reference, directory = target, blobs });
        }
        else
        {
            AnsiConsole.MarkupLine($"exported {Markup.Escape(version.Reference)} ({blobs} verified blobs) to {Markup.Escape(target)}");
        }

        return 0;
    }
}
