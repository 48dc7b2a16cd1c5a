using System.ComponentModel;
using Mlmax.Cli.Internal;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands;

/// <summary><c>mlmax init DIR --template NAME</c>: a new project that runs on first try.</summary>
internal sealed class InitCommand : Command<InitCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<DIR>")]
        [Description("The new project's directory (must be empty or absent).")]
        public string Directory { get; init; } = "";

        [CommandOption("-t|--template <NAME>")]
        [Description("census (C# steps with ML.NET) or census-python (Python scripts with scikit-learn). Default: census.")]
        public string Template { get; init; } = "census";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var templates = Path.Combine(AppContext.BaseDirectory, "templates");
        var source = Path.Combine(templates, settings.Template);
        if (!System.IO.Directory.Exists(source))
        {
            var known = System.IO.Directory.Exists(templates) ? System.IO.Directory.GetDirectories(templates).Select(Path.GetFileName).ToArray() : [];
            throw new UserException($"no template '{settings.Template}' (templates: {string.Join(", ", known)})");
        }

        var target = Path.GetFullPath(settings.Directory);
        if (System.IO.Directory.Exists(target) && System.IO.Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new UserException($"{target} is not empty: choose a new directory");
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj" or ".mlmax" or "__pycache__"))
            {
                continue;
            }

            var to = Path.Combine(target, relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        AnsiConsole.MarkupLine($"[green]created {Markup.Escape(target)}[/] from template [bold]{Markup.Escape(settings.Template)}[/]");
        AnsiConsole.MarkupLine($"next: [bold]cd {Markup.Escape(settings.Directory)} && mlmax run training && mlmax run inference[/]");
        return 0;
    }
}
