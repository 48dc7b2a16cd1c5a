using System.ComponentModel;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands;

/// <summary>Options every project command takes.</summary>
internal class ProjectCommandSettings : CommandSettings
{
    [CommandOption("-p|--project <DIR>")]
    [Description("The project directory (default: the nearest directory upwards holding mlmax.yaml).")]
    public string? Project { get; init; }

    [CommandOption("--json")]
    [Description("Print machine-readable JSON instead of tables.")]
    public bool Json { get; init; }
}
