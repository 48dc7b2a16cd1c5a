using System.Globalization;
using Mlmax.Aws.CloudFormation;
using Mlmax.Aws.SageMaker;
using Mlmax.Aws.StepFunctions;
using Mlmax.Definitions;
using Mlmax.Identity;
using Mlmax.Specs;

namespace Mlmax.Aws.Compilation;

/// <summary>
/// Compiles a pipeline definition into a Step Functions state machine that runs each step as a SageMaker job, a
/// CloudFormation template deploying it with least-privilege roles, and the manifest of the code to upload. The
/// same definition always gives the same files.
/// </summary>
public sealed partial class PipelineCompiler
{
    private readonly string _projectRoot;
    private readonly ProjectSettings _settings;

    /// <summary>Creates a compiler for a project.</summary>
    /// <param name="projectRoot">The project's root folder.</param>
    /// <param name="settings">Its settings (<c>mlmax.yaml</c>).</param>
    public PipelineCompiler(string projectRoot, ProjectSettings settings)
    {
        _projectRoot = projectRoot;
        _settings = settings;
    }

    /// <summary>Compiles a pipeline.</summary>
    /// <param name="pipeline">The validated pipeline.</param>
    /// <param name="definitionFile">Its definition file, relative to the project root.</param>
    /// <returns>The template, the state machine and the manifest.</returns>
    /// <exception cref="AwsCompileException">The pipeline uses something the AWS target does not support.</exception>
    public CompiledPipeline Compile(PipelineSpec pipeline, string definitionFile)
    {
        var triggers = Check(pipeline);
        var files = CodePackage.ProjectFiles(_projectRoot, _settings, pipeline, definitionFile);
        var codeVersion = CodePackage.Version(files, EnvironmentInfo.MlmaxVersion);
        var names = new FileNames(pipeline.Name);
        var machine = BuildStateMachine(pipeline);
        var template = BuildTemplate(pipeline, machine, codeVersion, triggers);
        var manifest = BuildManifest(pipeline, template, names, files, codeVersion) with { Uploads = triggers.Uploads.Count == 0 ? null : triggers.Uploads };
        return new CompiledPipeline(names, template, machine, manifest)
        {
            Starter = triggers.Triggers.Count == 0 ? null : StarterMachine(pipeline),
            Notes = triggers.Notes,
        };
    }

    /// <summary>The state machine's name: <c>mlmax-PROJECT-PIPELINE</c>.</summary>
    /// <param name="project">The project.</param>
    /// <param name="pipeline">The pipeline.</param>
    /// <returns>The name (at most 80 characters).</returns>
    public static string StateMachineName(string project, string pipeline)
    {
        var name = $"mlmax-{project}-{pipeline}".Replace('_', '-');
        return name.Length <= 80 ? name : name[..80];
    }

    private static TriggerSet Check(PipelineSpec pipeline)
    {
        var errors = new List<string>();
        foreach (var step in pipeline.Steps)
        {
            foreach (var name in step.Inputs.Select(i => i.Name).Concat(step.Outputs.Select(o => o.Name)).Where(ContainerLayout.Reserved.Contains))
            {
                errors.Add($"steps.{step.Name}: '{name}' is reserved for mlmax's own use in SageMaker jobs ({string.Join(", ", ContainerLayout.Reserved)}); rename it");
            }

            if (step.Runner is CommandRunner c && c.Command.Count > 0 && Path.IsPathRooted(c.Command[0]))
            {
                errors.Add($"steps.{step.Name}.command: '{c.Command[0]}' is a path on this machine; in a job only the image's programs and the project's files exist");
            }
        }

        var triggers = Triggers(pipeline, errors);
        if (errors.Count > 0)
        {
            throw new AwsCompileException(errors);
        }

        return triggers;
    }

    private static AwsJobKind JobOf(PipelineSpec pipeline, string step) => pipeline.FindStep(step)?.Aws?.Job ?? AwsJobKind.Processing;

    private static string Seconds(TimeSpan span) => ((long)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}

/// <summary>The file names <c>mlmax aws compile</c> writes for a pipeline.</summary>
/// <param name="Pipeline">The pipeline.</param>
public sealed record FileNames(string Pipeline)
{
    /// <summary>The CloudFormation template.</summary>
    public string Template => $"{Pipeline}.template.json";

    /// <summary>The state machine definition.</summary>
    public string StateMachine => $"{Pipeline}.asl.json";

    /// <summary>The manifest.</summary>
    public string Manifest => $"{Pipeline}.manifest.json";

    /// <summary>The starter's state machine definition, when the pipeline has schedules or watches on AWS.</summary>
    public string Starter => $"{Pipeline}.starter.asl.json";
}

/// <summary>A compiled pipeline.</summary>
/// <param name="Names">Its file names.</param>
/// <param name="Template">The CloudFormation template.</param>
/// <param name="StateMachine">The state machine (also inside the template).</param>
/// <param name="Manifest">The manifest.</param>
public sealed record CompiledPipeline(FileNames Names, Template Template, StateMachine StateMachine, CompileManifest Manifest)
{
    /// <summary>The starter (also inside the template), when the pipeline has schedules or watches on AWS; else <see langword="null"/>.</summary>
    public StateMachine? Starter { get; init; }

    /// <summary>What of the definition stays with mlmax scheduler rather than AWS, e.g. a watch of a local directory.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Writes the files into a folder: the template, the state machine, the manifest and the bootstrap script.</summary>
    /// <param name="directory">The folder (created if missing).</param>
    /// <returns>The paths written.</returns>
    public IReadOnlyList<string> WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        void Write(string name, object document)
        {
            var path = Path.Combine(directory, name);
            AwsJson.Write(path, document);
            written.Add(path);
        }

        Write(Names.Template, Template);
        Write(Names.StateMachine, StateMachine);
        Write(Names.Manifest, Manifest);
        if (Starter is not null)
        {
            Write(Names.Starter, Starter);
        }

        var bootstrap = Path.Combine(directory, CodePackage.Bootstrap);
        File.WriteAllText(bootstrap, CodePackage.BootstrapScript, new System.Text.UTF8Encoding(false));
        written.Add(bootstrap);
        return written;
    }
}
