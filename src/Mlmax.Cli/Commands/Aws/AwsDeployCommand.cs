using System.ComponentModel;
using Mlmax.Aws.Api;
using Mlmax.Aws.Compilation;
using Mlmax.Aws.Deployment;
using Mlmax.Aws.Packaging;
using Mlmax.Cli.Internal;
using Mlmax.Definitions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands.Aws;

/// <summary>
/// <c>mlmax aws deploy PIPELINE</c>: compiles the pipeline, builds and uploads its code packages, creates or updates its
/// CloudFormation stack while showing the stack's events, and remembers the deployment in <c>.mlmax/aws/PIPELINE.json</c>.
/// </summary>
internal sealed partial class AwsDeployCommand : AsyncCommand<AwsDeployCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<PIPELINE>")]
        [Description("The pipeline: a name (pipelines/NAME.yaml) or a path.")]
        public string Pipeline { get; init; } = "";

        [CommandOption("--stack <NAME>")]
        [Description("The CloudFormation stack. Default: the last deployment's, else mlmax-PROJECT-PIPELINE.")]
        public string? Stack { get; init; }

        [CommandOption("--env-stack <NAME>")]
        [Description("Read the bucket, KMS key, subnets and security group from this environment stack's outputs (ArtifactBucket, KmsKeyArn, PrivateSubnetIds, JobSecurityGroupId).")]
        public string? EnvStack { get; init; }

        [CommandOption("--bucket <BUCKET>")]
        [Description("The S3 bucket of code and run data.")]
        public string? Bucket { get; init; }

        [CommandOption("--kms-key <ARN>")]
        [Description("The KMS key ARN every upload and job output is encrypted with.")]
        public string? KmsKey { get; init; }

        [CommandOption("--subnets <IDS>")]
        [Description("The private subnets of the jobs, comma-separated.")]
        public string? Subnets { get; init; }

        [CommandOption("--security-groups <IDS>")]
        [Description("The security groups of the jobs, comma-separated.")]
        public string? SecurityGroups { get; init; }

        [CommandOption("--image <KIND=URI>")]
        [Description("A container image (repeatable): Dotnet=URI, Python=URI or Command=URI, for the steps of that kind.")]
        public string[] Images { get; init; } = [];

        [CommandOption("--param <NAME=VALUE>")]
        [Description("Another template parameter (repeatable), e.g. ArtifactPrefix=teams/census or LogRetentionDays=90.")]
        public string[] Params { get; init; } = [];

        [CommandOption("--poll-seconds <SECONDS>")]
        [Description("Seconds between two looks at the stack while it deploys. Default: 5.")]
        public double PollSeconds { get; init; } = AwsProject.DefaultPollSeconds;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var root = ProjectHost.RequireRoot(settings.Project);
        var project = new ProjectLoader().Load(Path.Combine(root, ProjectHost.ProjectFile));
        var state = Path.Combine(root, ".mlmax");
        var console = settings.Json ? ConsoleOutput.Error : AnsiConsole.Console;
        var interval = AwsProject.PollInterval(settings.PollSeconds);
        var (compiled, pipeline) = AwsProject.Compile(root, project, settings.Pipeline);
        compiled.WriteTo(Path.Combine(state, "aws", "build", pipeline.Name));
        var previous = AwsProject.ReadDeployment(state, pipeline.Name);
        var aws = await AwsProject.SettingsAsync(null, cancellationToken);
        using var http = new HttpClient();
        var cloudFormation = new CloudFormationClient(aws, http, TimeProvider.System);
        var target = await TargetAsync(settings, cloudFormation, previous, PipelineCompiler.StateMachineName(project.Name, pipeline.Name), compiled.Template.Parameters.Keys.ToHashSet(StringComparer.Ordinal), cancellationToken);
        var uploads = compiled.Manifest.Uploads ?? [];
        PipelineDeployer.TemplateParameters(compiled, uploads.Count == 0 ? target : WithParameters(target, uploads.ToDictionary(u => u.Parameter, _ => "s3://pending/upload")));
        foreach (var note in compiled.Notes)
        {
            console.MarkupLine($"[yellow]note:[/] {Markup.Escape(note)}");
        }

        console.MarkupLine($"[bold]Deploy[/] pipeline [bold]{Markup.Escape(pipeline.Name)}[/] to stack [bold]{Markup.Escape(target.StackName)}[/] in {Markup.Escape(aws.Region)}, code version {compiled.Manifest.CodeVersion}");
        var packages = await PackagesAsync(root, project, compiled, state, console, cancellationToken);
        using var bucket = new EncryptedBucket(aws, target.Bucket, target.KmsKeyArn);
        if (uploads.Count > 0)
        {
            await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
            var prefix = target.Parameters.GetValueOrDefault("ArtifactPrefix") ?? (string)compiled.Template.Parameters["ArtifactPrefix"].Default!;
            var planner = new Mlmax.Execution.RunPlanner(host.CreateContext(new ConsoleRunObserver(console, explain: false, quietLogs: true), _ => { }));
            var values = await TriggerUploads.UploadAsync(uploads, pipeline.Name, root, host.Registry,
                (input, binding, ct) => planner.BindArtifactInputAsync(pipeline.Inputs.Single(i => i.Name == input), binding, ct), host.Artifacts, bucket, prefix,
                Path.Combine(state, "tmp", "aws-deploy", Guid.NewGuid().ToString("N")), line => console.MarkupLine($"  {Markup.Escape(line)}"), cancellationToken);
            target = WithParameters(target, values);
        }

        var deployer = new PipelineDeployer(cloudFormation, bucket, TimeProvider.System, interval);
        StackDeployment stack;
        DeploymentRecord record;
        try
        {
            (stack, record) = await deployer.DeployAsync(compiled, packages, target, CanonicalForm.ToJson(pipeline),
                line => console.MarkupLine($"  {Markup.Escape(line)}"),
                e => console.MarkupLine($"  [grey]{e.Timestamp.ToLocalTime():HH:mm:ss}[/] {Markup.Escape(e.LogicalResourceId)} [grey]{Markup.Escape(e.ResourceType)}[/] {StatusMarkup(e.ResourceStatus)}"
                    + (e.ResourceStatusReason is { } reason && e.Failed ? $" [red]{Markup.Escape(reason)}[/]" : "")),
                cancellationToken);
        }
        catch (StackDeployException e)
        {
            return Failed(e, settings.Json, console);
        }

        record.Write(DeploymentRecord.PathFor(state, pipeline.Name));
        return Report(record, stack, settings.Json, console);
    }

    private static DeployTarget WithParameters(DeployTarget target, IReadOnlyDictionary<string, string> values)
    {
        var parameters = new Dictionary<string, string>(target.Parameters, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            parameters[name] = value;
        }

        return target with { Parameters = parameters };
    }

    /// <summary>The code packages: built once per code version into <c>.mlmax/aws/packages/VERSION/</c> and reused after.</summary>
    private static async Task<IReadOnlyDictionary<string, string>> PackagesAsync(
        string root, ProjectSettings project, CompiledPipeline compiled, string state, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var names = compiled.Manifest.Packages.Select(p => p.Name).ToList();
        var folder = Path.Combine(state, "aws", "packages", compiled.Manifest.CodeVersion);
        if (names.All(n => File.Exists(Path.Combine(folder, n))))
        {
            console.MarkupLine($"  code packages of version {compiled.Manifest.CodeVersion} already built in {Markup.Escape(Path.GetRelativePath(root, folder))}");
            return names.ToDictionary(n => n, n => Path.Combine(folder, n), StringComparer.Ordinal);
        }

        var staging = $"{folder}.{Environment.ProcessId}.tmp";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
        console.MarkupLine($"  building the code packages ({Markup.Escape(string.Join(", ", names))})...");
        var built = await new CodePackager(root, project, line => console.MarkupLine($"  [grey]{Markup.Escape(line)}[/]")).BuildAsync(compiled, staging, cancellationToken);
        foreach (var (name, path) in built.Where(b => Path.GetDirectoryName(Path.GetFullPath(b.Value)) != Path.GetFullPath(staging)))
        {
            File.Copy(path, Path.Combine(staging, name), overwrite: true);
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.Move(staging, folder);
        return built.Keys.ToDictionary(n => n, n => Path.Combine(folder, n), StringComparer.Ordinal);
    }

    private static int Report(DeploymentRecord record, StackDeployment stack, bool json, IAnsiConsole console)
    {
        var operation = stack.Operation.ToString().ToLowerInvariant();
        if (json)
        {
            Json.Write(new
            {
                pipeline = record.Pipeline,
                stack_name = record.StackName,
                stack_id = record.StackId,
                region = record.Region,
                operation,
                status = stack.Stack.Status,
                code_version = record.CodeVersion,
                definition_version = record.DefinitionVersion,
                bucket = record.Bucket,
                prefix = record.Prefix,
                outputs = record.Outputs,
            });
            return 0;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns("output", "value");
        foreach (var (key, value) in record.Outputs.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            table.AddRow(Markup.Escape(key), Markup.Escape(value));
        }

        console.Write(table);
        console.MarkupLine(stack.Operation == StackOperation.Unchanged
            ? $"[green]stack {Markup.Escape(record.StackName)} unchanged[/] ({Markup.Escape(stack.Stack.Status)}): the template and parameters are those already deployed"
            : $"[green]stack {Markup.Escape(record.StackName)} {operation}[/] ({Markup.Escape(stack.Stack.Status)})");
        console.MarkupLine($"run it: [bold]mlmax aws run {Markup.Escape(record.Pipeline)}[/]");
        return 0;
    }

    private static int Failed(StackDeployException e, bool json, IAnsiConsole console)
    {
        if (json)
        {
            Json.Write(new
            {
                stack_name = e.StackName,
                status = e.Status,
                error = e.Message,
                failures = e.Failures.Select(f => new { resource = f.LogicalResourceId, type = f.ResourceType, status = f.ResourceStatus, reason = f.ResourceStatusReason }),
            });
        }

        console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
        return 1;
    }

    private static string StatusMarkup(string status) =>
        status.EndsWith("_FAILED", StringComparison.Ordinal) ? $"[red]{status}[/]"
        : status.EndsWith("_COMPLETE", StringComparison.Ordinal) && !status.Contains("ROLLBACK", StringComparison.Ordinal) ? $"[green]{status}[/]"
        : status.Contains("ROLLBACK", StringComparison.Ordinal) ? $"[yellow]{status}[/]"
        : status;
}
