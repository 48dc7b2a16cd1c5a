using System.ComponentModel;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Mlmax.Aws.Compilation;
using Mlmax.Cli.Internal;
using Mlmax.Definitions;
using Mlmax.Artifacts;
using Mlmax.Execution;
using Mlmax.Registry;
using Mlmax.Stores.Local;
using Mlmax.Identity;
using Mlmax.Specs;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands.Aws;

/// <summary>
/// <c>mlmax aws container</c>: the entry point of a SageMaker job compiled by <c>mlmax aws compile</c> (started by the
/// code package's bootstrap script in the project's folder). Lays out the step contract from the job's folders, runs
/// the step with the same launcher as <c>mlmax run</c>, and puts its outputs and record where SageMaker uploads them.
/// Opens no store and needs no network.
/// </summary>
internal sealed class AwsContainerCommand : AsyncCommand<AwsContainerCommand.Settings>
{
    /// <summary>The environment variable overriding SageMaker's root folder, <c>/opt/ml</c>.</summary>
    public const string RootVariable = "MLMAX_SAGEMAKER_ROOT";

    /// <summary>The environment variable naming the folder of the prebuilt .NET step assembly.</summary>
    public const string StepsVariable = "MLMAX_PREBUILT_STEPS";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--pipeline <PIPELINE>")]
        [Description("The pipeline (pipelines/NAME.yaml in the project folder, the current directory).")]
        public string Pipeline { get; init; } = "";

        [CommandOption("--step <STEP>")]
        [Description("The step to run.")]
        public string Step { get; init; } = "";

        [CommandOption("--job <KIND>")]
        [Description("processing or training: where SageMaker put the inputs and collects the outputs.")]
        public string Job { get; init; } = "processing";

        [CommandOption("--run <RUN>")]
        [Description("The run (the state machine execution's name).")]
        public string Run { get; init; } = "";

        [CommandOption("--param <NAME=VALUE>")]
        [Description("A pipeline parameter's value (repeatable).")]
        public string[] Params { get; init; } = [];
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var job = settings.Job switch
        {
            "processing" => AwsJobKind.Processing,
            "training" => AwsJobKind.Training,
            _ => throw new UserException($"--job {settings.Job}: expected processing or training"),
        };
        var sageMaker = Path.GetFullPath(Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } r ? r : "/opt/ml");
        var started = DateTimeOffset.UtcNow;
        try
        {
            return await RunAsync(settings, job, sageMaker, started, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Fail(sageMaker, e.Message);
            throw;
        }
    }

    private static async Task<int> RunAsync(Settings settings, AwsJobKind job, string sageMaker, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var root = ProjectHost.RequireRoot(null);
        var project = new ProjectLoader().Load(Path.Combine(root, ProjectHost.ProjectFile));
        var pipeline = new PipelineLoader().Load(ProjectHost.PipelinePath(root, settings.Pipeline));
        var step = pipeline.FindStep(settings.Step)
            ?? throw new UserException($"pipeline '{pipeline.Name}' has no step '{settings.Step}'");
        var problems = new List<string>();
        var values = RunPlanner.BindParameters(pipeline, KeyValueParser.Parse(settings.Params, "--param"), problems);
        if (problems.Count > 0)
        {
            throw new RunRequestException(problems);
        }

        var parameters = step.Parameters.ToDictionary(p => p.Name, p => p.PipelineParameter is { } n ? values[n] : p.Value!, StringComparer.Ordinal);
        Scoring.Batch.PredictStep? predictor = null;
        if (step.Runner is PredictRunner predict)
        {
            // As a local run pins it when planning: the exported version, NAME:VERSION, if the parameter names it.
            var export = SageMakerPath(sageMaker, ContainerLayout.Input(job, ContainerLayout.ModelInput));
            var registry = ExportedModelRegistry.Load(export);
            var reference = (string)values[predict.ModelParameter];
            var version = await registry.ResolveAsync(ModelReference.Parse(reference), cancellationToken)
                ?? throw new UserException($"parameter {predict.ModelParameter} is {reference}, but the job's model input holds {registry.Version.Reference}");
            parameters["model"] = version.Reference;
            predictor = Predictor(registry, export);
        }

        var work = Path.Combine(Path.GetTempPath(), "mlmax-job", step.Name);
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        var workspace = StepWorkspace.Create(work, step.Name, settings.Run, root, step.Inputs.Select(i => i.Name), step.Outputs.Select(o => o.Name), parameters);
        foreach (var input in step.Inputs)
        {
            var from = SageMakerPath(sageMaker, ContainerLayout.Input(job, input.Name));
            var producer = input.Source is StepOutputReference o ? pipeline.FindStep(o.Step) : null;
            if (producer?.Aws?.Job == AwsJobKind.Training)
            {
                ExtractTrainingOutput(from, ((StepOutputReference)input.Source).Output, StepWorkspace.InputPath(work, input.Name));
            }
            else
            {
                CopyDirectory(from, StepWorkspace.InputPath(work, input.Name));
            }
        }

        var launcher = new StepLauncher(new LauncherOptions(root, project.PythonInterpreter ?? "python3", StepProject(root, project), project.DotnetInProcess, ProjectHost.HostCommand())
        {
            Predictor = predictor,
        });
        Console.WriteLine($"mlmax: step {step.Name} of {pipeline.Name}, run {settings.Run}, {job.ToString().ToLowerInvariant()} job");
        var reason = new StepFailureReason(step.Name);
        var exit = await launcher.RunAsync(
            step,
            workspace,
            line =>
            {
                Console.WriteLine(line);
                reason.Add(line);
            },
            cancellationToken);
        if (exit != 0)
        {
            Fail(sageMaker, reason.For(exit));
            return exit;
        }

        var outputs = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (name, directory) in workspace.Contract.Outputs)
        {
            if (!Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Any())
            {
                Fail(sageMaker, $"step {step.Name} wrote nothing to its output '{name}'");
                return 1;
            }

            var target = job == AwsJobKind.Training
                ? name == "model" ? Path.Combine(sageMaker, "model") : Path.Combine(sageMaker, "output", "data", name)
                : SageMakerPath(sageMaker, ContainerLayout.ProcessingOutput(name));
            CopyDirectory(directory, target);
            outputs[name] = CodeIdentity.Hash(directory, ["**/*"]);
        }

        var record = new
        {
            pipeline = pipeline.Name,
            step = step.Name,
            run = settings.Run,
            job = job.ToString().ToLowerInvariant(),
            definition_version = CanonicalForm.Version(pipeline),
            parameters = new SortedDictionary<string, object>(parameters, StringComparer.Ordinal),
            metrics = new SortedDictionary<string, double>(workspace.ReadMetrics().ToDictionary(), StringComparer.Ordinal),
            outputs,
            environment = EnvironmentInfo.Describe(root),
            started,
            ended = DateTimeOffset.UtcNow,
        };
        var recordDirectory = job == AwsJobKind.Training
            ? Path.Combine(sageMaker, "output", "data", ContainerLayout.RecordOutput)
            : SageMakerPath(sageMaker, ContainerLayout.ProcessingOutput(ContainerLayout.RecordOutput));
        Directory.CreateDirectory(recordDirectory);
        await File.WriteAllTextAsync(Path.Combine(recordDirectory, "step.json"), JsonSerializer.Serialize(record, Indented), cancellationToken);
        Directory.Delete(work, recursive: true);
        Console.WriteLine($"mlmax: step {step.Name} succeeded; outputs: {string.Join(", ", outputs.Keys)}");
        return 0;
    }

    /// <summary>mlmax's batch scorer over the exported model version SageMaker copied in: the same code as
    /// <c>mlmax predict</c>, every bundle file verified against the version's hashes before it is loaded.</summary>
    private static Scoring.Batch.PredictStep Predictor(ExportedModelRegistry registry, string export)
    {
        var store = new ArtifactStore(new LocalBlobStore(Path.Combine(export, ModelExport.StoreDirectory)));
        return new Scoring.Batch.PredictStep(registry, store, Path.Combine(Path.GetTempPath(), "mlmax-bundles"));
    }

    private static DotnetStepProject? StepProject(string root, ProjectSettings project)
    {
        if (project.DotnetProject is not { } file)
        {
            return null;
        }

        var prebuilt = Environment.GetEnvironmentVariable(StepsVariable);
        return prebuilt is { Length: > 0 } && Directory.Exists(prebuilt)
            ? DotnetStepProject.Prebuilt(Path.Combine(root, file), prebuilt)
            : new DotnetStepProject(Path.Combine(root, file), AppContext.BaseDirectory, Console.WriteLine);
    }

    /// <summary>A container path (<c>/opt/ml/...</c>) under the actual root.</summary>
    private static string SageMakerPath(string sageMaker, string containerPath) =>
        Path.Combine(sageMaker, Path.GetRelativePath("/opt/ml", containerPath));

    /// <summary>A training job's output arrives as SageMaker's archive: <c>model.tar.gz</c> holds the model folder,
    /// <c>output.tar.gz</c> one folder per other output.</summary>
    private static void ExtractTrainingOutput(string from, string output, string target)
    {
        var archive = Directory.EnumerateFiles(from, "*.tar.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault()
            ?? throw new UserException($"no .tar.gz archive in {from}: expected the {(output == "model" ? "model" : "output")}.tar.gz of a training job");
        var unpacked = Path.Combine(Path.GetTempPath(), "mlmax-unpack", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(unpacked);
        using (var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress))
        {
            TarFile.ExtractToDirectory(gzip, unpacked, overwriteFiles: false);
        }

        var source = output == "model" ? unpacked : Path.Combine(unpacked, output);
        if (!Directory.Exists(source))
        {
            throw new UserException($"{Path.GetFileName(archive)} holds no folder '{output}'");
        }

        CopyDirectory(source, target);
        Directory.Delete(unpacked, recursive: true);
    }

    /// <summary>Writes the reason SageMaker reports for a failed job.</summary>
    private static void Fail(string sageMaker, string reason)
    {
        try
        {
            Directory.CreateDirectory(Path.Combine(sageMaker, "output"));
            File.WriteAllText(Path.Combine(sageMaker, "output", "failure"), reason.Length > 1000 ? reason[..1000] : reason);
        }
        catch (IOException)
        {
            // The reason also went to the log.
        }

        Console.Error.WriteLine($"mlmax: {reason}");
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        if (!Directory.Exists(source))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to, overwrite: true);
        }
    }
}
