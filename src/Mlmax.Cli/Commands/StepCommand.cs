using System.ComponentModel;
using Mlmax.Cli.Internal;
using Mlmax.Execution;
using Mlmax.Specs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands;

/// <summary><c>mlmax step PIPELINE STEP</c>: run one step alone, for debugging, through the same contract as in a run.</summary>
internal sealed class StepCommand : AsyncCommand<StepCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<PIPELINE>")]
        [Description("The pipeline holding the step.")]
        public string Pipeline { get; init; } = "";

        [CommandArgument(1, "<STEP>")]
        [Description("The step to run.")]
        public string Step { get; init; } = "";

        [CommandOption("-i|--input <NAME=PATH>")]
        [Description("A file or directory, or s3://BUCKET/KEY, for one of the step's inputs (repeatable). Unbound inputs take the pipeline input's default, or the output of the latest successful run.")]
        public string[] Inputs { get; init; } = [];

        [CommandOption("--param <NAME=VALUE>")]
        [Description("Override a pipeline parameter (repeatable).")]
        public string[] Params { get; init; } = [];

        [CommandOption("-o|--output <DIR>")]
        [Description("Where to copy the step's outputs (default: mlmax-step-output/STEP).")]
        public string? Output { get; init; }

        [CommandOption("--in-process")]
        [Description("Run a .NET step inside the mlmax process.")]
        public bool InProcess { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var pipeline = host.LoadPipeline(settings.Pipeline);
        var step = pipeline.FindStep(settings.Step)
            ?? throw new UserException($"pipeline '{pipeline.Name}' has no step '{settings.Step}' (steps: {string.Join(", ", pipeline.Steps.Select(s => s.Name))})");
        var problems = new List<string>();
        var values = RunPlanner.BindParameters(pipeline, KeyValueParser.Parse(settings.Params, "--param"), problems);
        if (problems.Count > 0)
        {
            throw new RunRequestException(problems);
        }

        var parameters = step.Parameters.ToDictionary(p => p.Name, p => p.PipelineParameter is { } n ? values[n] : p.Value!, StringComparer.Ordinal);
        var given = KeyValueParser.Parse(settings.Inputs, "--input");
        foreach (var name in given.Keys.Where(n => step.Inputs.All(i => i.Name != n)))
        {
            throw new UserException($"step '{step.Name}' has no input '{name}' (inputs: {string.Join(", ", step.Inputs.Select(i => i.Name))})");
        }

        var observer = new ConsoleRunObserver(AnsiConsole.Console, explain: true, quietLogs: false);
        var executor = host.CreateContext(observer, line => AnsiConsole.MarkupLine($"  [grey]build |[/] {Markup.Escape(line)}"), settings.InProcess ? true : null);
        var runId = "step-" + RunPlanner.NewRunId(TimeProvider.System);
        var work = executor.WorkDirectory(runId, step.Name);
        var workspace = StepWorkspace.Create(work, step.Name, runId, host.Root, step.Inputs.Select(i => i.Name), step.Outputs.Select(o => o.Name), parameters);
        foreach (var input in step.Inputs)
        {
            var target = StepWorkspace.InputPath(work, input.Name);
            var source = await FillInputAsync(host, pipeline, input, given.GetValueOrDefault(input.Name), target, cancellationToken);
            AnsiConsole.MarkupLine($"[grey]input {Markup.Escape(input.Name)} <- {Markup.Escape(source)}[/]");
        }

        observer.StepStarted(step.Name, 1);
        var exit = await executor.Launcher.RunAsync(step, workspace, line => observer.StepLog(step.Name, line), cancellationToken);
        if (exit != 0)
        {
            AnsiConsole.MarkupLine($"[red]step '{Markup.Escape(step.Name)}' exited with code {exit}[/] (work directory kept: {Markup.Escape(work)})");
            return 1;
        }

        var outputRoot = Path.GetFullPath(settings.Output ?? Path.Combine("mlmax-step-output", step.Name));
        foreach (var (name, dir) in workspace.Contract.Outputs)
        {
            CopyDirectory(dir, Path.Combine(outputRoot, name));
        }

        foreach (var (name, value) in workspace.ReadMetrics())
        {
            AnsiConsole.MarkupLine($"metric {Markup.Escape(name)} = {Format.Metric(value)}");
        }

        AnsiConsole.MarkupLine($"[green]step '{Markup.Escape(step.Name)}' succeeded[/]; outputs in {Markup.Escape(outputRoot)}");
        Directory.Delete(work, recursive: true);
        return 0;
    }

    private static async Task<string> FillInputAsync(ProjectHost host, PipelineSpec pipeline, InputBinding input, string? given, string target, CancellationToken cancellationToken)
    {
        if (given is not null && RunPlanner.IsRemote(given))
        {
            return await FetchAsync(host, pipeline, input, given, target, cancellationToken);
        }

        if (given is not null)
        {
            var path = Path.GetFullPath(given);
            if (File.Exists(path))
            {
                File.Copy(path, Path.Combine(target, Path.GetFileName(path)));
            }
            else if (Directory.Exists(path))
            {
                CopyDirectory(path, target);
            }
            else
            {
                throw new UserException($"--input {input.Name}: {path} does not exist");
            }

            return path;
        }

        if (input.Source is PipelineInputReference p && pipeline.Inputs.First(i => i.Name == p.Input) is { Default: { } d, Kind: not InputKind.Artifact })
        {
            if (RunPlanner.IsRemote(d))
            {
                return await FetchAsync(host, pipeline, input, d, target, cancellationToken);
            }

            var path = Path.GetFullPath(d, host.Root);
            if (File.Exists(path))
            {
                File.Copy(path, Path.Combine(target, Path.GetFileName(path)));
            }
            else
            {
                CopyDirectory(path, target);
            }

            return d;
        }

        var (stepName, outputName, pipelineName) = input.Source switch
        {
            StepOutputReference s => (s.Step, s.Output, pipeline.Name),
            PipelineInputReference p2 when pipeline.Inputs.First(i => i.Name == p2.Input).From is { } f => (f.Step, f.Output, f.Pipeline),
            _ => throw new UserException($"input '{input.Name}' has no default: pass --input {input.Name}=PATH"),
        };
        var run = await host.Metadata.FindLatestSucceededRunAsync(pipelineName, cancellationToken)
            ?? throw new UserException($"input '{input.Name}' comes from {pipelineName}/{stepName}.{outputName} but '{pipelineName}' has no successful run: pass --input {input.Name}=PATH");
        var producer = (await host.Metadata.GetStepRunsAsync(run.Id, cancellationToken)).First(s => s.Step == stepName);
        await host.Artifacts.MaterializeAsync(producer.Outputs[outputName], target, cancellationToken);
        return $"{pipelineName} run {run.Id} {stepName}.{outputName}";
    }

    /// <summary>Fetches S3 data into the input's folder: one object for a pipeline input of type file, else every object under the prefix.</summary>
    private static async Task<string> FetchAsync(ProjectHost host, PipelineSpec pipeline, InputBinding input, string url, string target, CancellationToken cancellationToken)
    {
        var isFile = input.Source is PipelineInputReference p && pipeline.Inputs.First(i => i.Name == p.Input).Kind == InputKind.File;
        try
        {
            var fetched = isFile
                ? await host.RemoteInputs.FetchFileAsync(url, target, cancellationToken)
                : await host.RemoteInputs.FetchDirectoryAsync(url, target, cancellationToken);
            return fetched.Source;
        }
        catch (RemoteInputException e)
        {
            throw new UserException($"input '{input.Name}': {e.Message}");
        }
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to, overwrite: true);
        }
    }
}
