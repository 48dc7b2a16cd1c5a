using System.ComponentModel;
using Mlmax.Cli.Internal;
using Mlmax.Definitions;
using Mlmax.Registry;
using Mlmax.Specs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands.Models;

/// <summary><c>mlmax models register RUN</c>: a new version from a succeeded training run.</summary>
internal sealed class ModelsRegisterCommand : AsyncCommand<ModelsRegisterCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<RUN>")]
        [Description("The training run (id or unique prefix).")]
        public string Run { get; init; } = "";

        [CommandOption("--name <NAME>")]
        [Description("The model's name (default: the pipeline's model.name).")]
        public string? Name { get; init; }

        [CommandOption("--bundle <ROLE=STEP.OUTPUT>")]
        [Description("A bundle component (repeatable), e.g. --bundle model=train.model; default: the pipeline's model.bundle.")]
        public string[] Bundle { get; init; } = [];

        [CommandOption("--metrics <STEP>")]
        [Description("The step whose metrics are recorded (default: the pipeline's model.metrics).")]
        public string? Metrics { get; init; }

        [CommandOption("--why <TEXT>")]
        [Description("Why this version is registered (recorded).")]
        public string? Why { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var run = await host.Metadata.GetRunAsync(settings.Run, cancellationToken) ?? throw new UserException($"no run '{settings.Run}' (see: mlmax runs)");
        var declared = CanonicalForm.FromJson(run.DefinitionJson).Model;
        var bundle = KeyValueParser.Parse(settings.Bundle, "--bundle").ToDictionary(
            b => b.Key,
            b => DataReference.TryParse(b.Value) as StepOutputReference ?? throw new UserException($"--bundle {b.Key}={b.Value}: expected STEP.OUTPUT"),
            StringComparer.Ordinal);
        var name = settings.Name ?? declared?.Name
            ?? throw new UserException($"pipeline '{run.Pipeline}' declares no model: pass --name NAME and --bundle ROLE=STEP.OUTPUT (at least model; transform too for ML.NET models)");
        var model = bundle.Count > 0 || declared is null
            ? new ModelSpec(name, bundle) { MetricsStep = settings.Metrics ?? declared?.MetricsStep }
            : declared with { Name = name, MetricsStep = settings.Metrics ?? declared.MetricsStep };
        var version = await new ModelRegistrar(host.Metadata, host.Registry, host.Artifacts, TimeProvider.System)
            .RegisterAsync(run, model, Environment.UserName, settings.Why, cancellationToken);
        if (settings.Json)
        {
            Json.Write(ModelJson.Version(version));
        }
        else
        {
            AnsiConsole.MarkupLine($"[green]registered {Markup.Escape(version.Reference)}[/] from run {run.Id} (bundle {Markup.Escape(version.BundleArtifact)})");
        }

        return 0;
    }
}
