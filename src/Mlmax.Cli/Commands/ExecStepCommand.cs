using Mlmax.Execution;
using Mlmax.Steps;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands;

/// <summary><c>mlmax exec-step</c> (internal): the process entry point of one .NET step.</summary>
internal sealed class ExecStepCommand : AsyncCommand<ExecStepCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--assembly <PATH>")]
        public string Assembly { get; init; } = "";

        [CommandOption("--type <NAME>")]
        public string Type { get; init; } = "";

        [CommandOption("--contract <PATH>")]
        public string Contract { get; init; } = "";
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        DotnetStepEntryPoint.RunAsync(settings.Assembly, settings.Type, StepContract.Load(settings.Contract), Console.Out, cancellationToken);
}
