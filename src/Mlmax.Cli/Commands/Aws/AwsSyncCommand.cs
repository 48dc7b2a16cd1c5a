using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Mlmax.Aws.Api;
using Mlmax.Aws.Deployment;
using Mlmax.Aws.Runs;
using Mlmax.Cli.Internal;
using Mlmax.Definitions;
using Mlmax.Execution;
using Mlmax.Metadata;
using Mlmax.Specs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands.Aws;

/// <summary>
/// <c>mlmax aws sync PIPELINE</c>: records here the executions of a deployed pipeline this project has no run of, the
/// ones its schedules and watches started on AWS (or someone in the console): each becomes a run named by its execution,
/// with its trigger, its parameters and inputs (fetched from S3 into the artifact store), and once it has ended its steps,
/// outputs and model version, as <c>mlmax aws run</c> records the runs it starts.
/// </summary>
internal sealed class AwsSyncCommand : AsyncCommand<AwsSyncCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<PIPELINE>")]
        [Description("The deployed pipeline (its name, or the path of its definition).")]
        public string Pipeline { get; init; } = "";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var console = settings.Json ? ConsoleOutput.Error : AnsiConsole.Console;
        var deployment = AwsProject.Deployment(host.StateDirectory, AwsProject.PipelineName(host.Root, settings.Pipeline));
        var pipeline = CanonicalForm.FromJson(deployment.DefinitionJson);
        var aws = await AwsProject.SettingsAsync(deployment.Region, cancellationToken);
        using var http = new HttpClient();
        var states = new StepFunctionsClient(aws, http, TimeProvider.System);
        using var bucket = new EncryptedBucket(aws, deployment.Bucket, deployment.KmsKeyArn);
        var executions = await states.ListExecutionsAsync(deployment.StateMachineArn, cancellationToken);
        console.MarkupLine($"[bold]{executions.Count}[/] execution(s) of {Markup.Escape(deployment.StateMachineArn)}");

        var rows = new List<SyncRow>();
        foreach (var summary in executions.OrderBy(e => e.StartDate))
        {
            if (await host.Metadata.GetRunAsync(summary.Name, cancellationToken) is { } known && known.Id == summary.Name)
            {
                rows.Add(new SyncRow(summary.Name, "known", known.Status.ToString().ToLowerInvariant(), TriggerText(known.Trigger), null));
                continue;
            }

            try
            {
                rows.Add(await RecordAsync(host, deployment, pipeline, states, bucket, summary, aws.Region, console, cancellationToken));
            }
            catch (RunRequestException e)
            {
                rows.Add(new SyncRow(summary.Name, "not recorded", summary.Status.ToLowerInvariant(), null, string.Join("; ", e.Problems)));
            }
        }

        Report(rows, settings.Json, console);
        return rows.Any(r => r.Action == "not recorded") ? 1 : 0;
    }

    private static async Task<SyncRow> RecordAsync(
        ProjectHost host, DeploymentRecord deployment, PipelineSpec pipeline, StepFunctionsClient states, EncryptedBucket bucket, ExecutionSummary summary, string region,
        IAnsiConsole console, CancellationToken cancellationToken)
    {
        var execution = await states.DescribeExecutionAsync(summary.ExecutionArn, cancellationToken);
        var (parameters, inputs, trigger) = Read(pipeline, summary.Name, execution.Input);
        var observer = new ConsoleRunObserver(console, explain: false, quietLogs: true);
        var executorContext = host.CreateContext(observer, observer.Note);
        var plan = await new RunPlanner(executorContext).PlanAsync(pipeline, parameters, inputs, host.Root, cancellationToken) with
        {
            RunId = summary.Name,
            Trigger = trigger,
        };
        string? note = null;
        RunRecord run;
        try
        {
            run = await AwsRunCommand.RecordStartAsync(executorContext, plan, deployment, execution.ExecutionArn, execution.StartDate, region);
        }
        catch (DuplicateRunTriggerException) when (trigger is not null)
        {
            // The declared schedule (or watch) fired here too: both runs are kept, the AWS one under its own source.
            note = $"{trigger.Describe()} also started a run here: recorded as triggered on AWS (run a pipeline's schedules in one place: mlmax scheduler or AWS)";
            plan = plan with { Trigger = trigger with { Source = "aws:" + trigger.Source } };
            run = await AwsRunCommand.RecordStartAsync(executorContext, plan, deployment, execution.ExecutionArn, execution.StartDate, region);
        }

        if (execution.Running)
        {
            return new SyncRow(summary.Name, "recorded (running)", "running", TriggerText(plan.Trigger), note ?? $"mlmax aws status {summary.Name} records its end");
        }

        var history = await states.GetExecutionHistoryAsync(execution.ExecutionArn, cancellationToken);
        var recorder = new RunRecorder(executorContext, bucket, deployment.CodeFiles, line => console.MarkupLine($"  {Markup.Escape(line)}"));
        var (result, model) = await recorder.RecordAsync(plan, run, new RunLocations(deployment.Prefix, summary.Name), new ExecutionOutcome(execution, history), CancellationToken.None);
        return new SyncRow(summary.Name, "recorded", result.Run.Status.ToString().ToLowerInvariant(), TriggerText(plan.Trigger), note ?? (model is null ? null : $"model version {model.Reference}"));
    }

    /// <summary>The run request an execution's input stands for: parameters as text, model parameters pinned to the
    /// uploaded version (<c>models/NAME/VERSION/</c>), inputs as their S3 URLs, and the trigger.</summary>
    internal static (Dictionary<string, string> Parameters, Dictionary<string, string> Inputs, RunTrigger? Trigger) Read(PipelineSpec pipeline, string execution, string? input)
    {
        JsonElement root;
        try
        {
            root = JsonSerializer.Deserialize<JsonElement>(input ?? "{}");
        }
        catch (JsonException e)
        {
            throw new RunRequestException($"execution {execution}: its input is not JSON ({e.Message})");
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("parameters", out var values) && values.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in values.EnumerateObject().Where(p => pipeline.Parameters.Any(d => d.Name == p.Name)))
            {
                parameters[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
            }
        }

        if (root.TryGetProperty("models", out var models) && models.ValueKind == JsonValueKind.Object)
        {
            foreach (var m in models.EnumerateObject().Where(m => m.Value.ValueKind == JsonValueKind.String))
            {
                var parts = m.Value.GetString()!.TrimEnd('/').Split('/');
                if (parts.Length >= 3 && parts[^3] == "models" && int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                {
                    parameters[m.Name] = $"{parts[^2]}:{version}";
                }
            }
        }

        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("inputs", out var bound) && bound.ValueKind == JsonValueKind.Object)
        {
            foreach (var i in bound.EnumerateObject().Where(i => i.Value.ValueKind == JsonValueKind.String))
            {
                inputs[i.Name] = i.Value.GetString()!;
            }
        }

        RunTrigger? trigger = null;
        if (root.TryGetProperty("trigger", out var t) && t.ValueKind == JsonValueKind.Object
            && t.TryGetProperty("kind", out var kind) && t.TryGetProperty("source", out var source) && t.TryGetProperty("detail", out var detail))
        {
            trigger = kind.GetString() == RunTrigger.ScheduleKind
                && DateTimeOffset.TryParse(detail.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var slot)
                    ? RunTrigger.ForSchedule(source.GetString()!, slot)
                    : new RunTrigger { Kind = kind.GetString()!, Source = source.GetString()!, Detail = detail.GetString() };
        }

        return (parameters, inputs, trigger);
    }

    private static string? TriggerText(RunTrigger? trigger) => trigger?.Describe();

    private static void Report(IReadOnlyList<SyncRow> rows, bool json, IAnsiConsole console)
    {
        if (json)
        {
            Json.Write(new { executions = rows.Select(r => new { run = r.Run, action = r.Action, status = r.Status, trigger = r.Trigger, note = r.Note }) });
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns("run", "here", "status", "trigger", "note");
        foreach (var r in rows)
        {
            table.AddRow(
                Markup.Escape(r.Run.Length > 24 ? r.Run[..24] + "…" : r.Run),
                r.Action == "not recorded" ? "[red]not recorded[/]" : r.Action == "known" ? "[grey]known[/]" : $"[green]{r.Action}[/]",
                Markup.Escape(r.Status),
                Markup.Escape(r.Trigger ?? "manual"),
                Markup.Escape(r.Note ?? ""));
        }

        console.Write(table);
    }

    private sealed record SyncRow(string Run, string Action, string Status, string? Trigger, string? Note);
}
