using System.ComponentModel;
using Mlmax.Aws.Api;
using Mlmax.Aws.Deployment;
using Mlmax.Aws.Runs;
using Mlmax.Cli.Internal;
using Mlmax.Execution;
using Mlmax.Metadata;
using Mlmax.Registry;
using Mlmax.Specs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands.Aws;

/// <summary>
/// <c>mlmax aws status RUN</c>: a run's execution on AWS, from <c>DescribeExecution</c> and its history, step by step.
/// A run started with <c>--detach</c> that has ended is recorded in the project's stores, as <c>mlmax aws run</c> would have.
/// </summary>
internal sealed class AwsStatusCommand : AsyncCommand<AwsStatusCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<RUN>")]
        [Description("The run id (the execution's name), or a unique prefix of it.")]
        public string Run { get; init; } = "";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var console = settings.Json ? ConsoleOutput.Error : AnsiConsole.Console;
        var run = await host.Metadata.GetRunAsync(settings.Run, cancellationToken);
        var runId = run?.Id ?? settings.Run;
        var deployments = run is not null
            ? [AwsProject.Deployment(host.StateDirectory, run.Pipeline)]
            : AwsProject.Deployments(host.StateDirectory);
        if (deployments.Count == 0)
        {
            throw new UserException($"no run '{settings.Run}' here and no deployed pipeline to look for it in (see: mlmax runs; mlmax aws deploy PIPELINE)");
        }

        var aws = await AwsProject.SettingsAsync(deployments[0].Region, cancellationToken);
        using var http = new HttpClient();
        ExecutionDescription? execution = null;
        DeploymentRecord? deployment = null;
        foreach (var candidate in deployments)
        {
            var states = new StepFunctionsClient(aws.WithRegion(candidate.Region, Environment.GetEnvironmentVariable), http, TimeProvider.System);
            var arn = (run is null ? null : AwsOwner.ExecutionArn(run.Owner)) ?? AwsProject.ExecutionArn(candidate.StateMachineArn, runId);
            try
            {
                execution = await states.DescribeExecutionAsync(arn, cancellationToken);
                deployment = candidate;
                break;
            }
            catch (AwsApiException e) when (e.Code == "ExecutionDoesNotExist")
            {
            }
        }

        if (execution is null || deployment is null)
        {
            throw new UserException($"no execution '{runId}' of {string.Join(", ", deployments.Select(d => d.StateMachineArn))}: is it a local run? (see: mlmax show {runId})");
        }

        aws = aws.WithRegion(deployment.Region, Environment.GetEnvironmentVariable);
        var client = new StepFunctionsClient(aws, http, TimeProvider.System);
        var history = await client.GetExecutionHistoryAsync(execution.ExecutionArn, cancellationToken);
        var pipeline = Definitions.CanonicalForm.FromJson(run?.DefinitionJson ?? deployment.DefinitionJson);
        var timelines = StepTimeline.Read(pipeline.Steps.Select(s => s.Name).ToList(), history, execution);
        var recorded = run is not null && !execution.Running && run.Status == RunStatus.Running
            ? await RecordAsync(host, run, deployment, aws, new ExecutionOutcome(execution, history), console, cancellationToken)
            : (RunStatus?)null;
        Show(execution, timelines, recorded, settings.Json, console);
        return execution.Running || execution.Succeeded ? 0 : 1;
    }

    /// <summary>Records a detached run that has ended.</summary>
    private static async Task<RunStatus> RecordAsync(
        ProjectHost host, RunRecord run, DeploymentRecord deployment, AwsSettings aws, ExecutionOutcome outcome, IAnsiConsole console, CancellationToken cancellationToken)
    {
        console.MarkupLine($"recording run {run.Id} (its execution has ended)...");
        var steps = await host.Metadata.GetStepRunsAsync(run.Id, cancellationToken);
        var plan = RunPlanner.PlanResume(run, steps) with { IsResume = false, Earlier = new Dictionary<string, StepRunRecord>() };
        var models = new Dictionary<string, ModelVersionRecord>(StringComparer.Ordinal);
        foreach (var parameter in plan.Pipeline.Parameters.Where(p => p.Type == ParameterType.Model))
        {
            if (plan.Parameters.GetValueOrDefault(parameter.Name) is string reference
                && await host.Registry.ResolveAsync(ModelReference.Parse(reference), cancellationToken) is { } version)
            {
                models[parameter.Name] = version;
            }
        }

        var observer = new ConsoleRunObserver(console, explain: false, quietLogs: true);
        using var bucket = new EncryptedBucket(aws, deployment.Bucket, deployment.KmsKeyArn);
        var recorder = new RunRecorder(host.CreateContext(observer, observer.Note), bucket, deployment.CodeFiles, line => console.MarkupLine($"  {Markup.Escape(line)}"));
        var (result, model) = await recorder.RecordAsync(plan with { Models = models }, run, new RunLocations(deployment.Prefix, run.Id), outcome, CancellationToken.None);
        if (model is not null)
        {
            console.MarkupLine($"model version [bold]{Markup.Escape(model.Reference)}[/]");
        }

        return result.Run.Status;
    }

    private static void Show(ExecutionDescription execution, IReadOnlyList<StepTimeline> timelines, RunStatus? recorded, bool json, IAnsiConsole console)
    {
        if (json)
        {
            Json.Write(new
            {
                run = execution.Name,
                execution_arn = execution.ExecutionArn,
                status = execution.Status.ToLowerInvariant(),
                started_at = execution.StartDate,
                stopped_at = execution.StopDate,
                error = execution.Error,
                cause = execution.Cause,
                recorded,
                steps = timelines.Select(t => new
                {
                    step = t.Step,
                    status = t.Status,
                    started_at = t.StartedAt,
                    ended_at = t.EndedAt,
                    attempts = t.Attempts,
                    job = t.JobName,
                    error = t.Error,
                    cause = t.Cause,
                }),
            });
            return;
        }

        console.MarkupLine($"[bold]run {Markup.Escape(execution.Name)}[/] on AWS: {Markup.Escape(execution.Status.ToLowerInvariant())} "
            + $"(started {Format.Time(execution.StartDate)}, {Format.Duration(execution.StartDate, execution.StopDate ?? DateTimeOffset.UtcNow)})");
        var table = new Table().Border(TableBorder.Rounded).AddColumns("step", "status", "time", "attempts", "SageMaker job", "error");
        foreach (var t in timelines)
        {
            table.AddRow(
                Markup.Escape(t.Step),
                t.Status == RunStatus.Pending ? "[grey]not started[/]" : Format.Status(t.Status),
                Format.Duration(t.StartedAt, t.EndedAt ?? (t.Status == RunStatus.Running ? DateTimeOffset.UtcNow : null)),
                t.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(t.JobName ?? ""),
                Markup.Escape(FailureCause.Describe(t.Error, t.Cause) ?? ""));
        }

        console.Write(table);
        if (execution.Error is not null)
        {
            console.MarkupLine($"[red]{Markup.Escape(FailureCause.Describe(execution.Error, execution.Cause) ?? "")}[/]");
        }

        if (recorded is { } status)
        {
            console.MarkupLine($"recorded as {Format.Status(status)}: [bold]mlmax show {Markup.Escape(execution.Name)}[/]");
        }
    }
}
