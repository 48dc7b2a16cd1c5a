using Mlmax.Execution;
using Mlmax.Metadata;
using Spectre.Console;

namespace Mlmax.Cli.Internal;

/// <summary>Runs a plan and reports it: the steps table, metrics, and on failure the failing step with the tail of its log.</summary>
internal static class RunReport
{
    public static async Task<int> ExecuteAsync(
        ProjectHost host, ExecutorContext context, RunPlan plan, RunOptions options, IAnsiConsole console, ConsoleRunObserver observer, bool json, CancellationToken cancellationToken)
    {
        console.MarkupLine($"[bold]{(plan.IsResume ? "Resuming" : "Run")} {plan.RunId}[/] pipeline [bold]{Markup.Escape(plan.Pipeline.Name)}[/] definition {Markup.Escape(plan.DefinitionVersion[..Math.Min(19, plan.DefinitionVersion.Length)])}");
        console.MarkupLine($"[grey]{Markup.Escape(host.StoresDescription())}[/]");
        var executor = new RunExecutor(context);
        RunResult result;
        if (!json && observer.QuietLogs && console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
        {
            observer.Live = true;
            var steps = plan.Pipeline.Steps.Select(s => s.Name).ToList();
            result = await console.Live(observer.LiveTable(steps)).StartAsync(async live =>
            {
                var running = executor.RunAsync(plan, options, cancellationToken);
                while (!running.IsCompleted)
                {
                    live.UpdateTarget(observer.LiveTable(steps));
                    await Task.WhenAny(running, Task.Delay(150, CancellationToken.None));
                }

                live.UpdateTarget(observer.LiveTable(steps));
                return await running;
            });
            observer.Live = false;
        }
        else
        {
            result = await executor.RunAsync(plan, options, cancellationToken);
        }

        Registry.ModelVersionRecord? registered = null;
        if (result.Run.Status == RunStatus.Succeeded && plan.Pipeline.Model is { Register: true } model)
        {
            registered = await new Registry.ModelRegistrar(host.Metadata, host.Registry, host.Artifacts, TimeProvider.System)
                .RegisterAsync(result.Run, model, Environment.UserName, $"registered by run {result.Run.Id}", CancellationToken.None);
        }

        return Report(result, registered, console, observer, json);
    }

    /// <summary>Prints how a run ended (steps table or JSON, the failure with its log tail, the registered model) and returns the exit code.</summary>
    public static int Report(RunResult result, Registry.ModelVersionRecord? registered, IAnsiConsole console, ConsoleRunObserver observer, bool json)
    {
        if (json)
        {
            Json.Write(new
            {
                model_version = registered?.Reference,
                run = result.Run.Id,
                pipeline = result.Run.Pipeline,
                status = result.Run.Status,
                error = result.Run.Error,
                steps = result.Steps.Select(s => new
                {
                    step = s.Step,
                    status = s.Status,
                    reused_from = s.ReusedFrom,
                    why = observer.Explanations.GetValueOrDefault(s.Step),
                    outputs = s.Outputs,
                    metrics = s.Metrics,
                    error = s.Error,
                }),
            });
        }
        else
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("step", "status", "time", "outputs", "metrics");
            foreach (var s in result.Steps)
            {
                table.AddRow(
                    Markup.Escape(s.Step),
                    Format.Status(s.Status),
                    Format.Duration(s.StartedAt, s.EndedAt),
                    Markup.Escape(string.Join("\n", s.Outputs.Select(o => $"{o.Key} {Format.Short(o.Value)}"))),
                    Markup.Escape(string.Join(", ", s.Metrics.Select(m => $"{m.Key} {Format.Metric(m.Value)}"))));
            }

            console.Write(table);
        }

        if (result.FailedStep is { } failed)
        {
            console.MarkupLine($"[red]step '{Markup.Escape(failed)}' failed:[/] {Markup.Escape(result.Steps.First(s => s.Step == failed).Error ?? "")}");
            if (result.FailedLogTail.Count > 0)
            {
                console.MarkupLine("[grey]last lines of its log:[/]");
                foreach (var line in result.FailedLogTail)
                {
                    console.MarkupLine($"  [grey]|[/] {Markup.Escape(line)}");
                }
            }

            console.MarkupLine(AwsOwner.ExecutionArn(result.Run.Owner) is not null
                ? $"its job's log: CloudWatch Logs, group /aws/sagemaker/ProcessingJobs or /aws/sagemaker/TrainingJobs; the execution: [bold]mlmax aws status {result.Run.Id}[/]; fix it, deploy again and run again: mlmax aws deploy {Markup.Escape(result.Run.Pipeline)} && mlmax aws run {Markup.Escape(result.Run.Pipeline)}"
                : result.Run.Owner.StartsWith("fleet@", StringComparison.Ordinal)
                ? $"its log: [bold]mlmax show {result.Run.Id}[/]; fix it, then run the pipeline again (finished steps are reused)"
                : $"fix it, then: [bold]mlmax resume {result.Run.Id}[/]");
            return 1;
        }

        if (result.Run.Status != RunStatus.Succeeded)
        {
            console.MarkupLine(result.Run.Owner.StartsWith("fleet@", StringComparison.Ordinal) || AwsOwner.ExecutionArn(result.Run.Owner) is not null
                ? $"[yellow]run {result.Run.Id} {result.Run.Status.ToString().ToLowerInvariant()}[/]: {Markup.Escape(result.Run.Error ?? "")}"
                : $"[yellow]run {result.Run.Id} {result.Run.Status.ToString().ToLowerInvariant()}[/]: continue it with [bold]mlmax resume {result.Run.Id}[/]");
            return 130;
        }

        console.MarkupLine($"[green]run {result.Run.Id} succeeded[/] (lineage: mlmax lineage {result.Run.Id})");
        if (registered is not null)
        {
            console.MarkupLine(registered.RunId == result.Run.Id
                ? $"registered model [bold]{Markup.Escape(registered.Reference)}[/] (promote it: mlmax models promote {Markup.Escape(registered.Reference)} --to production)"
                : $"model bundle unchanged: still [bold]{Markup.Escape(registered.Reference)}[/] (from run {registered.RunId})");
        }
        return 0;
    }
}
