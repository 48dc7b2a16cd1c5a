using System.ComponentModel;
using Mlmax.Aws.Compilation;
using Mlmax.Cli.Internal;
using Mlmax.Definitions;
using Mlmax.Identity;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands.Aws;

/// <summary><c>mlmax aws compile PIPELINE --out DIR</c>: the pipeline as a CloudFormation template, a state machine and
/// the manifest of its code packages.</summary>
internal sealed class AwsCompileCommand : Command<AwsCompileCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<PIPELINE>")]
        [Description("The pipeline: a name (pipelines/NAME.yaml) or a path.")]
        public string Pipeline { get; init; } = "";

        [CommandOption("-o|--out <DIR>")]
        [Description("Where the files go (created if missing). Default: build/aws.")]
        public string Out { get; init; } = "build/aws";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var root = ProjectHost.RequireRoot(settings.Project);
        var projectSettings = new ProjectLoader().Load(Path.Combine(root, ProjectHost.ProjectFile));
        var (compiled, _) = AwsProject.Compile(root, projectSettings, settings.Pipeline);
        var written = compiled.WriteTo(Path.GetFullPath(settings.Out));
        var manifest = compiled.Manifest;
        if (settings.Json)
        {
            Json.Write(new
            {
                pipeline = manifest.Pipeline,
                state_machine = manifest.StateMachine,
                code_version = manifest.CodeVersion,
                definition_version = manifest.DefinitionVersion,
                files = written.Select(f => new { path = f, sha256 = Hashing.Sha256File(f) }),
                required_parameters = manifest.RequiredParameters,
                uploads = manifest.Uploads ?? [],
                left_to_scheduler = compiled.Notes,
            });
            return 0;
        }

        var files = new Table().Border(TableBorder.Rounded).AddColumn("file").AddColumn("sha256").AddColumn("what");
        var what = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [compiled.Names.Template] = "CloudFormation template: state machine, roles, log group",
            [compiled.Names.StateMachine] = "state machine definition (Amazon States Language)",
            [compiled.Names.Manifest] = "code packages to upload, parameters, example execution input",
            [compiled.Names.Starter] = "starter: starts the state machine once per schedule slot or watched object",
            [CodePackage.Bootstrap] = "the script every SageMaker job starts",
        };
        foreach (var file in written)
        {
            files.AddRow(Markup.Escape(Path.GetRelativePath(Environment.CurrentDirectory, file)), Hashing.Sha256File(file)[..12], what.GetValueOrDefault(Path.GetFileName(file), ""));
        }

        AnsiConsole.Write(files);
        var steps = new Table().Border(TableBorder.Rounded).AddColumn("step").AddColumn("SageMaker job").AddColumn("instances").AddColumn("image").AddColumn("max runtime");
        foreach (var (name, job) in manifest.Steps)
        {
            steps.AddRow(Markup.Escape(name), job.Job, $"{job.InstanceCount} x {job.InstanceType}, {job.VolumeSizeGb} GB", Markup.Escape(job.Image), TimeSpan.FromSeconds(job.MaxRuntimeSeconds).ToString());
        }

        AnsiConsole.Write(steps);
        foreach (var upload in manifest.Uploads ?? [])
        {
            AnsiConsole.MarkupLine($"{Markup.Escape(upload.Trigger)}: mlmax aws deploy uploads {(upload.Kind == "model" ? "model version " : "")}{Markup.Escape(upload.Source)} ({Markup.Escape(upload.Name)}) into {Markup.Escape(upload.Parameter)}");
        }

        foreach (var note in compiled.Notes)
        {
            AnsiConsole.MarkupLine($"[yellow]note:[/] {Markup.Escape(note)}");
        }

        AnsiConsole.MarkupLine($"state machine [bold]{manifest.StateMachine}[/], code version {manifest.CodeVersion}; "
            + $"deploying needs: {Markup.Escape(string.Join(", ", manifest.RequiredParameters.Where(p => manifest.Uploads?.All(u => u.Parameter != p) ?? true)))}");
        return 0;
    }
}
