using Mlmax.Execution;
using Mlmax.Fleet;
using Mlmax.Metadata;
using Mlmax.Scheduling;

namespace Mlmax.Cli.Internal;

/// <summary>
/// Starts a schedule's run on the worker fleet, as <c>mlmax run --executor hangfire --detach</c> does: plans it from the
/// project's current definition, records it with its trigger (which claims the slot) and queues its first steps. The
/// run lives in the database, not in the scheduler: it goes on when the scheduler stops, and the fleet registers the
/// model it declares. The launch ends when the run ends, so the overlap policy sees the slot as running meanwhile.
/// </summary>
internal sealed class FleetRunLauncher(ProjectHost host, ExecutorContext context, FleetConnection fleet, WorkerObserver observer) : IRunLauncher
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public async Task<LaunchedRun> LaunchAsync(ScheduledRunRequest request, CancellationToken cancellationToken)
    {
        var pipeline = host.LoadPipeline(request.Pipeline);
        var plan = await new RunPlanner(context).PlanAsync(pipeline, request.Parameters, request.Inputs, host.Root, cancellationToken)
            with { Trigger = request.Trigger };
        var run = await new FleetScheduler(context, fleet).SubmitAsync(plan, new RunOptions(), cancellationToken);
        observer.Note($"{request.Trigger.Describe()}: run {run.Id} submitted to the fleet");
        return new LaunchedRun(run.Id, Task.Run(() => FollowAsync(run.Id, request.Trigger, cancellationToken), CancellationToken.None));
    }

    /// <summary>Waits for the run to end; a scheduler stopping stops waiting, not the run.</summary>
    private async Task FollowAsync(string runId, RunTrigger trigger, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                if (await host.Metadata.GetRunAsync(runId, cancellationToken) is { EndedAt: not null } ended)
                {
                    observer.Note($"{trigger.Describe()}: run {runId} {ended.Status.ToString().ToLowerInvariant()}"
                        + (ended.Error is { } error ? $" ({error})" : string.Empty));
                    return;
                }

                await Task.Delay(PollInterval, context.Time, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            observer.Note($"{trigger.Describe()}: run {runId} goes on on the fleet");
        }
    }
}
