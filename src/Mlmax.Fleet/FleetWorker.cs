using Hangfire;
using Mlmax.Execution;

namespace Mlmax.Fleet;

/// <summary>
/// A worker process's job server: takes step jobs from the queues of its pools, at most <c>slots</c> at once, and runs
/// them with <see cref="StepJob"/>. Stopping it hands its running steps back to the queue.
/// </summary>
public sealed class FleetWorker : IDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    /// <summary>How long a worker may go without a heartbeat (sent every 10 seconds) before the fleet counts it as gone. <value>1 minute.</value></summary>
    public static TimeSpan HeartbeatTimeout { get; } = TimeSpan.FromMinutes(1);
    private readonly BackgroundJobServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sweeps;

    /// <summary>Starts the worker.</summary>
    /// <param name="fleet">The fleet's queue.</param>
    /// <param name="context">The worker's stores and launcher.</param>
    /// <param name="pools">The pools (queues) it serves.</param>
    /// <param name="slots">How many steps it runs at once.</param>
    public FleetWorker(FleetConnection fleet, ExecutorContext context, IReadOnlyList<string> pools, int slots)
    {
        Pools = pools;
        Slots = slots;
        var options = new BackgroundJobServerOptions
        {
            Queues = [.. pools],
            WorkerCount = slots,
            ServerName = ExecutorContext.Owner,
            Activator = new Activator(new StepJob(context, fleet), new PartitionJob(context, fleet)),
            ShutdownTimeout = TimeSpan.FromSeconds(30),
            ServerTimeout = HeartbeatTimeout,
            ServerCheckInterval = TimeSpan.FromSeconds(30),
            HeartbeatInterval = TimeSpan.FromSeconds(10),
        };
        _server = new BackgroundJobServer(options, fleet.Storage);
        _sweeps = SweepAsync(new FleetScheduler(context, fleet), context.Observer, _stop.Token);
    }

    /// <summary>The pools it serves.</summary>
    public IReadOnlyList<string> Pools { get; }

    /// <summary>How many steps it runs at once.</summary>
    public int Slots { get; }

    /// <summary>Stops taking jobs, cancels running steps (back to the queue) and waits for them.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _server.Dispose();
        try
        {
            _sweeps.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    /// <summary>Now and every minute: moves on fleet runs left hanging by a process that died at the wrong moment.</summary>
    private static async Task SweepAsync(FleetScheduler scheduler, IRunObserver observer, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await scheduler.SweepAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                observer.StepLog(string.Empty, $"sweep of open runs failed (tried again in a minute): {e.GetType().Name}: {e.Message}");
            }

            await Task.Delay(SweepInterval, cancellationToken);
        }
    }

    private sealed class Activator(StepJob step, PartitionJob part) : JobActivator
    {
        public override object ActivateJob(Type jobType) =>
            jobType == typeof(StepJob) ? step
            : jobType == typeof(PartitionJob) ? part
            : throw new InvalidOperationException($"this worker runs mlmax step jobs, not {jobType.FullName}");
    }
}
