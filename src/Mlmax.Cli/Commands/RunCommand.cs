using System.ComponentModel;
using Mlmax.Cli.Internal;
using Mlmax.Execution;
using Mlmax.Metadata;
using Mlmax.Specs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands;

/// <summary><c>mlmax run PIPELINE</c>.</summary>
internal sealed class RunCommand : AsyncCommand<RunCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<PIPELINE>")]
        [Description("The pipeline: a name under pipelines/ (e.g. training) or a path to a YAML file.")]
        public string Pipeline { get; init; } = "";

        [CommandOption("--param <NAME=VALUE>")]
        [Description("Override a parameter (repeatable), e.g. --param split_ratio=0.3.")]
        public string[] Params { get; init; } = [];

        [CommandOption("-i|--input <NAME=VALUE>")]
        [Description("Bind an input (repeatable): a path or s3://BUCKET/KEY (a prefix for directory inputs), or for artifact inputs run:RUN_ID or an artifact id.")]
        public string[] Inputs { get; init; } = [];

        [CommandOption("-m|--model <MODEL>")]
        [Description("Score with a registered version (NAME, NAME:VERSION or NAME@ALIAS): sets every parameter of type model, or else takes every artifact input from the training run behind it.")]
        public string? Model { get; init; }

        [CommandOption("--no-cache")]
        [Description("Run every step, even when identical work was done before.")]
        public bool NoCache { get; init; }

        [CommandOption("--explain")]
        [Description("Say for each step why it ran or was reused.")]
        public bool Explain { get; init; }

        [CommandOption("--parallel <N>")]
        [Description("Run at most N steps at once (default: the number of cores).")]
        public int Parallel { get; init; }

        [CommandOption("-q|--quiet")]
        [Description("Do not stream step logs (they are still kept per step run).")]
        public bool Quiet { get; init; }

        [CommandOption("--executor <EXECUTOR>")]
        [Description("local (this machine) or hangfire (the worker fleet: steps run on mlmax worker processes sharing the PostgreSQL metadata database). Default: MLMAX_EXECUTOR, else executor: in mlmax.yaml, else local.")]
        public string? Executor { get; init; }

        [CommandOption("--detach")]
        [Description("With the fleet: submit the run and return at once; follow it with mlmax show RUN.")]
        public bool Detach { get; init; }

        [CommandOption("--in-process")]
        [Description("Run .NET steps inside the mlmax process instead of one process each.")]
        public bool InProcess { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var fleet = host.Executor(settings.Executor) == "hangfire";
        if (settings.Detach && !fleet)
        {
            throw new UserException("--detach needs the worker fleet (--executor hangfire): a local run lives in this process");
        }

        var pipeline = host.LoadPipeline(settings.Pipeline);
        var console = settings.Json ? ConsoleOutput.Error : AnsiConsole.Console;
        var observer = new ConsoleRunObserver(console, settings.Explain, settings.Quiet);
        var executorContext = host.CreateContext(observer, observer.Note, settings.InProcess ? true : null);
        var inputs = KeyValueParser.Parse(settings.Inputs, "--input");
        var parameters = KeyValueParser.Parse(settings.Params, "--param");
        var modelParameters = pipeline.Parameters.Where(p => p.Type == ParameterType.Model).Select(p => p.Name).ToList();
        if (settings.Model is { } model && modelParameters.Count > 0)
        {
            foreach (var name in modelParameters)
            {
                parameters[name] = model;
            }
        }
        else if (settings.Model is { } reference)
        {
            var version = await ModelResolver.ResolveAsync(host, reference, cancellationToken);
            var fromModel = pipeline.Inputs.Where(i => i.From is not null && !inputs.ContainsKey(i.Name)).ToList();
            if (fromModel.Count == 0)
            {
                throw new UserException($"pipeline '{pipeline.Name}' has no artifact input (from: ...) for --model to bind");
            }

            foreach (var input in fromModel)
            {
                inputs[input.Name] = "run:" + version.RunId;
            }

            console.MarkupLine($"model {Markup.Escape(version.Reference)}{(version.Aliases.Count > 0 ? " (" + Markup.Escape(string.Join(", ", version.Aliases.Select(a => "@" + a))) + ")" : "")}: inputs {Markup.Escape(string.Join(", ", fromModel.Select(i => i.Name)))} from run {version.RunId}");
        }

        var plan = await new RunPlanner(executorContext).PlanAsync(
            pipeline,
            parameters,
            inputs,
            Environment.CurrentDirectory,
            cancellationToken);
        return fleet
            ? await FleetRun.ExecuteAsync(host, executorContext, plan, new RunOptions(settings.NoCache), console, observer, settings.Json, settings.Detach, cancellationToken)
            : await RunReport.ExecuteAsync(host, executorContext, plan, new RunOptions(settings.NoCache, settings.Parallel), console, observer, settings.Json, cancellationToken);
    }
}
