using Mlmax.Execution;
using Mlmax.Fleet;
using Mlmax.Metadata;
using Spectre.Console;

namespace Mlmax.Cli.Internal;

/// <summary>
/// <c>mlmax run --executor hangfire</c>: submits the run to the worker fleet, then (unless detached) follows it from
/// the metadata store until it ends. Ctrl-C while following cancels the run, as it does a local one.
/// </summary>
internal static class FleetRun
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<int> ExecuteAsync(
        ProjectHost host, ExecutorContext context, RunPlan plan, RunOptions options, IAnsiConsole console, ConsoleRunObserver observer, bool json, bool detach,
        CancellationToken cancellationToken)
    {
        using var fleet = host.OpenFleet(new FleetOptions());
        if (host.LocalArtifactsWarning() is { } warning)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }

        WarnAboutPools(plan, fleet, console);
        var scheduler = new FleetScheduler(context, fleet);
        var run = await scheduler.SubmitAsync(plan, options, cancellationToken);
        console.MarkupLine($"[bold]Run {run.Id}[/] pipeline [bold]{Markup.Escape(plan.Pipeline.Name)}[/] submitted to the fleet");
        console.MarkupLine($"[grey]{Markup.Escape(host.StoresDescription())}; queue in the metadata database[/]");
        if (detach)
        {
            if (json)
            {
                Json.Write(new { run = run.Id, pipeline = run.Pipeline, status = run.Status, executor = "hangfire" });
            }
            else
            {
                console.MarkupLine($"follow it with [bold]mlmax show {run.Id}[/] or [bold]mlmax runs[/]; stop it with [bold]mlmax cancel {run.Id}[/]");
            }

            return 0;
        }

        var result = await FollowAsync(host.Metadata, scheduler, plan, observer, console, cancellationToken);
        if (result.FailedStep is { } failed && result.Steps.First(s => s.Step == failed).LogPath is { } log && log.StartsWith("sha256:", StringComparison.Ordinal))
        {
            result = result with { FailedLogTail = await LogTailAsync(host, log) };
        }

        Registry.ModelVersionRecord? registered = null;
        if (result.Run.Status == RunStatus.Succeeded && plan.Pipeline.Model is { Register: true } model)
        {
            // The version this run registered, or (its bundle unchanged) the latest one, which holds the same bundle.
            var versions = await host.Registry.ListAsync(model.Name, CancellationToken.None);
            registered = versions.Where(v => v.RunId == result.Run.Id).MaxBy(v => v.Version) ?? versions.MaxBy(v => v.Version);
        }

        return RunReport.Report(result, registered, console, observer, json);
    }

    /// <summary>Shows step starts and ends as the fleet records them, until the run ends.</summary>
    private static async Task<RunResult> FollowAsync(
        IMetadataStore metadata, FleetScheduler scheduler, RunPlan plan, IRunObserver observer, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, RunStatus>(StringComparer.Ordinal);
        var cancelled = false;
        while (true)
        {
            if (cancellationToken.IsCancellationRequested && !cancelled)
            {
                cancelled = true;
                console.MarkupLine("[yellow]cancelling the run on the fleet[/] (its running steps stop within seconds)");
                await scheduler.CancelAsync(plan.RunId, "cancelled", CancellationToken.None);
            }

            var run = await metadata.GetRunAsync(plan.RunId, CancellationToken.None)
                ?? throw new UserException($"run {plan.RunId} disappeared from the metadata store");
            var steps = (await metadata.GetStepRunsAsync(plan.RunId, CancellationToken.None)).ToDictionary(s => s.Step, StringComparer.Ordinal);
            foreach (var step in plan.Pipeline.Steps)
            {
                if (!steps.TryGetValue(step.Name, out var record) || seen.GetValueOrDefault(step.Name, RunStatus.Pending) == record.Status)
                {
                    continue;
                }

                if (record.Status == RunStatus.Running || (record.Status is RunStatus.Succeeded or RunStatus.Failed && !seen.ContainsKey(step.Name)))
                {
                    observer.StepStarted(step.Name, Math.Max(1, record.Attempts));
                }

                if (record.Status is not (RunStatus.Running or RunStatus.Pending))
                {
                    observer.StepFinished(record, record.Status switch
                    {
                        RunStatus.Cached => $"reused {record.ReusedFrom}",
                        RunStatus.Succeeded => "ran on the fleet",
                        _ => record.Error ?? record.Status.ToString().ToLowerInvariant(),
                    });
                }

                seen[step.Name] = record.Status;
            }

            if (run.EndedAt is not null)
            {
                var ordered = plan.Pipeline.Steps.Select(s => steps.GetValueOrDefault(s.Name)
                    ?? new StepRunRecord { RunId = run.Id, Step = s.Name, Status = RunStatus.Cancelled, Error = "not started" }).ToList();
                var failed = ordered.FirstOrDefault(s => s.Status == RunStatus.Failed);
                return new RunResult(run, ordered, failed?.Step, []);
            }

            try
            {
                await Task.Delay(PollInterval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>The last lines of a step log the worker kept in the artifact store.</summary>
    private static async Task<IReadOnlyList<string>> LogTailAsync(ProjectHost host, string artifact)
    {
        var directory = Path.Combine(host.StateDirectory, "tmp", "logs", Guid.NewGuid().ToString("N"));
        try
        {
            await host.Artifacts.MaterializeAsync(artifact, directory, CancellationToken.None);
            var file = Directory.EnumerateFiles(directory, "*.log").FirstOrDefault();
            return file is null ? [] : [.. File.ReadLines(file).TakeLast(30)];
        }
        catch (Exception e) when (e is IOException or Artifacts.ArtifactIntegrityException or InvalidOperationException)
        {
            return [$"(the log {artifact} could not be read: {e.Message})"];
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static void WarnAboutPools(RunPlan plan, FleetConnection fleet, IAnsiConsole console)
    {
        var workers = FleetPools.LiveWorkers(fleet, TimeProvider.System.GetUtcNow());
        foreach (var pool in FleetPools.Unserved(plan.Pipeline.Steps.Select(FleetScheduler.QueueOf), workers))
        {
            console.MarkupLine($"[yellow]warning:[/] no worker serves pool '{Markup.Escape(pool)}' now: its steps wait until one starts (mlmax worker --pool {Markup.Escape(pool)})");
        }
    }
}
