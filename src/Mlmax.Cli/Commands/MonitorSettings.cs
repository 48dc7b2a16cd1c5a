using System.ComponentModel;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands;

/// <summary>
/// The settings of the <c>monitor</c> branch: only the model argument, which its default command (<c>monitor MODEL</c>)
/// takes from the branch. Options live in the commands' own settings: options the branch knew would be parsed before
/// the default command's and break the command line apart.
/// </summary>
internal class MonitorSettings : CommandSettings
{
    [CommandArgument(0, "[MODEL]")]
    [Description("NAME (latest), NAME:VERSION or NAME@ALIAS: the version whose baselines the batch is compared with.")]
    public string Model { get; init; } = "";

    [CommandOption("-p|--project <DIR>")]
    [Description("The project directory (default: the nearest directory upwards holding mlmax.yaml).")]
    public string? Project { get; init; }
}
