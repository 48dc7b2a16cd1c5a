using System.ComponentModel;
using System.Text.Json;
using Mlmax.Aws.Api;
using Mlmax.Aws.Runs;
using Mlmax.Cli.Internal;
using Mlmax.Definitions;
using Mlmax.Execution;
using Mlmax.Identity;
using Mlmax.Metadata;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands.Aws;

/// <summary>
/// <c>mlmax aws run PIPELINE</c>: runs a deployed pipeline on AWS as a new mlmax run. Checks the parameters, uploads the
/// inputs, starts the state machine's execution named by the run id, follows it, and records the run, its steps and
/// their outputs in the project's stores as if it had run here.
/// </summary>
internal sealed class AwsRunCommand : AsyncCommand<AwsRunCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<PIPELINE>")]
        [Description("The deployed pipeline (its name, or the path of its definition).")]
        public string Pipeline { get; init; } = "";

        [CommandOption("--param <NAME=VALUE>")]
        [Description("Override a parameter (repeatable), checked against the deployed definition.")]
        public string[] Params { get; init; } = [];

        [CommandOption("-i|--input <NAME=VALUE>")]
        [Description("Bind an input (repeatable): a file or folder, uploaded with SSE-KMS; artifact inputs take run:RUN_ID or an artifact id.")]
        public string[] Inputs { get; init; } = [];

        [CommandOption("--detach")]
        [Description("Start the execution and return at once; follow and record it with mlmax aws status RUN.")]
        public bool Detach { get; init; }

        [CommandOption("--poll-seconds <SECONDS>")]
        [Description("Seconds between two looks at the execution. Default: 5.")]
        public double PollSeconds { get; init; } = AwsProject.DefaultPollSeconds;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var interval = AwsProject.PollInterval(settings.PollSeconds);
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var name = AwsProject.PipelineName(host.Root, settings.Pipeline);
        var deployment = AwsProject.Deployment(host.StateDirectory, name);
        var console = settings.Json ? ConsoleOutput.Error : AnsiConsole.Console;
        var pipeline = CanonicalForm.FromJson(deployment.DefinitionJson);
        WarnIfChanged(host, settings.Pipeline, deployment.DefinitionVersion, console);
        var aws = await AwsProject.SettingsAsync(deployment.Region, cancellationToken);

        var observer = new ConsoleRunObserver(console, explain: false, quietLogs: true);
        var executorContext = host.CreateContext(observer, observer.Note);
        var plan = await new RunPlanner(executorContext).PlanAsync(
            pipeline, KeyValueParser.Parse(settings.Params, "--param"), KeyValueParser.Parse(settings.Inputs, "--input"), Environment.CurrentDirectory, cancellationToken);
        console.MarkupLine($"[bold]Run {plan.RunId}[/] pipeline [bold]{Markup.Escape(pipeline.Name)}[/] on AWS: stack {Markup.Escape(deployment.StackName)} in {Markup.Escape(aws.Region)}, code version {deployment.CodeVersion}");

        using var http = new HttpClient();
        var states = new StepFunctionsClient(aws, http, TimeProvider.System);
        using var bucket = new EncryptedBucket(aws, deployment.Bucket, deployment.KmsKeyArn);
        var locations = new RunLocations(deployment.Prefix, plan.RunId);
        var input = await ExecutionInputs.UploadAsync(plan, host.Artifacts, bucket, locations, Path.Combine(host.StateDirectory, "tmp", "aws-upload", plan.RunId),
            line => console.MarkupLine($"  {Markup.Escape(line)}"), cancellationToken);
        var (executionArn, startDate) = await states.StartExecutionAsync(deployment.StateMachineArn, plan.RunId, ExecutionInputs.ToJson(input), cancellationToken);
        var run = await RecordStartAsync(executorContext, plan, deployment, executionArn, startDate == default ? executorContext.Time.GetUtcNow() : startDate, aws.Region);
        console.MarkupLine($"  execution {Markup.Escape(executionArn)}");
        console.MarkupLine($"  [grey]{Markup.Escape(AwsProject.ConsoleUrl(aws.Region, executionArn))}[/]");
        if (settings.Detach)
        {
            if (settings.Json)
            {
                Json.Write(new { run = plan.RunId, pipeline = pipeline.Name, status = RunStatus.Running, execution_arn = executionArn });
            }

            console.MarkupLine($"detached: follow it with [bold]mlmax aws status {plan.RunId}[/] (which also records it once it ends)");
            return 0;
        }

        var follower = new ExecutionFollower(console, pipeline.Steps.Select(s => s.Name).ToHashSet(StringComparer.Ordinal));
        var watcher = new ExecutionWatcher(states, TimeProvider.System, interval);
        ExecutionOutcome outcome;
        try
        {
            outcome = await watcher.WaitAsync(executionArn, follower.OnEvent, follower.OnPoll, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.MarkupLine("[yellow]stopping the execution...[/]");
            await states.StopExecutionAsync(executionArn, "mlmax.Cancelled", $"cancelled from mlmax on {Environment.MachineName}", CancellationToken.None);
            outcome = new ExecutionOutcome(
                await states.DescribeExecutionAsync(executionArn, CancellationToken.None),
                await states.GetExecutionHistoryAsync(executionArn, CancellationToken.None));
        }

        var recorder = new RunRecorder(executorContext, bucket, deployment.CodeFiles, line => console.MarkupLine($"  {Markup.Escape(line)}"));
        var (result, model) = await recorder.RecordAsync(plan, run, locations, outcome, CancellationToken.None);
        return RunReport.Report(result, model, console, observer, settings.Json);
    }

    /// <summary>Records the run as started, owned by the execution (<c>aws:ARN</c>): it lives on AWS, not in this process.</summary>
    internal static async Task<RunRecord> RecordStartAsync(
        ExecutorContext context, RunPlan plan, Mlmax.Aws.Deployment.DeploymentRecord deployment, string executionArn, DateTimeOffset startedAt, string region)
    {
        var environment = EnvironmentInfo.Describe(context.ProjectRoot);
        environment["executor"] = "aws";
        environment["aws_region"] = region;
        environment["aws_stack"] = deployment.StackName;
        environment["aws_execution"] = executionArn;
        environment["aws_code_version"] = deployment.CodeVersion;
        var run = RunExecutor.NewRunRecord(plan, environment, startedAt, AwsOwner.Prefix + executionArn);
        Directory.CreateDirectory(context.RunDirectory(plan.RunId));
        await context.Metadata.CreateRunAsync(run, CancellationToken.None);
        return run;
    }

    private static void WarnIfChanged(ProjectHost host, string argument, string deployed, IAnsiConsole console)
    {
        try
        {
            var local = host.LoadPipeline(argument);
            if (CanonicalForm.Version(local) != deployed)
            {
                console.MarkupLine($"[yellow]warning:[/] pipelines/{Markup.Escape(local.Name)} changed since it was deployed: this runs the deployed definition ({Markup.Escape(deployed[..Math.Min(19, deployed.Length)])}); "
                    + $"deploy the change first with [bold]mlmax aws deploy {Markup.Escape(local.Name)}[/]");
            }
        }
        catch (Exception e) when (e is UserException or DefinitionException)
        {
            console.MarkupLine($"[yellow]warning:[/] the local definition cannot be read ({Markup.Escape(e.Message)}); running the deployed one");
        }
    }
}
