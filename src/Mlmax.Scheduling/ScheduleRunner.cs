using Microsoft.Extensions.DependencyInjection;
using Mlmax.Metadata;
using Mlmax.Scheduling.Internal;
using Quartz;

namespace Mlmax.Scheduling;

/// <summary>
/// Runs the schedules of a metadata database: fires each slot at its time (by <see cref="SchedulerOptions.TimeProvider"/>)
/// and starts its run through an <see cref="IRunLauncher"/>; polls the watches and starts a run for each new file. The
/// engine is Quartz.NET with its persistent job store in the same database. On PostgreSQL any number of runners form a cluster and each slot fires on exactly one of them; a runner
/// that dies has its firings taken over. On SQLite one runner is active at a time (a file lock); the others wait as standbys.
/// </summary>
public sealed class ScheduleRunner : IAsyncDisposable
{
    private readonly IScheduler _scheduler;
    private readonly ISchedulerFactory _factory;
    private readonly SchedulerDatabase _database;
    private readonly SchedulerOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly WatchResources _resources;
    private SingleSchedulerLease? _lease;
    private Task? _standby;
    private bool _stopped;

    private ScheduleRunner(IScheduler scheduler, ISchedulerFactory factory, SchedulerDatabase database, SchedulerOptions options, WatchResources resources)
    {
        _resources = resources;
        _scheduler = scheduler;
        _factory = factory;
        _database = database;
        _options = options;
        Schedules = new ScheduleBook(scheduler, options, owned: null);
    }

    /// <summary>The schedules this runner fires.</summary>
    public ScheduleBook Schedules { get; }

    /// <summary>Whether this runner fires slots now (on SQLite, whether it holds the lock rather than standing by).</summary>
    public bool IsActive { get; private set; }

    /// <summary>Creates a runner, not started. Quartz's tables are created in the database if missing.</summary>
    /// <param name="database">The metadata database.</param>
    /// <param name="launcher">Starts the runs.</param>
    /// <param name="metadata">The metadata store of the same database (where a slot's run is looked up).</param>
    /// <param name="options">Clock, node id and limits; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The runner; dispose it.</returns>
    public static async Task<ScheduleRunner> CreateAsync(
        SchedulerDatabase database, IRunLauncher launcher, IMetadataStore metadata, SchedulerOptions? options, CancellationToken cancellationToken)
    {
        options ??= new SchedulerOptions();
        var resources = new WatchResources(options);
        var (scheduler, factory) = await QuartzSchedulers.BuildAsync(database, options, services =>
        {
            services.AddSingleton(launcher);
            services.AddSingleton(metadata);
            services.AddSingleton(resources);
        }, cancellationToken);
        return new ScheduleRunner(scheduler, factory, database, options, resources);
    }

    /// <summary>Starts firing slots; on SQLite, when another runner holds the lock, stands by and takes over when it is gone.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task.</returns>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_stopped, this);
        if (_database.SqlitePath is not { } path)
        {
            await ActivateAsync(cancellationToken);
            return;
        }

        _lease = SingleSchedulerLease.TryAcquire(path, _options.NodeId);
        if (_lease is not null)
        {
            await ActivateAsync(cancellationToken);
            return;
        }

        _standby = StandByAsync(path, _stopping.Token);
    }

    /// <summary>
    /// Stops firing. Runs still going are cancelled; their firings are handed back, so the next runner to start finds each
    /// slot's run (and starts none again) or, if the run was never recorded, starts it once.
    /// </summary>
    /// <returns>A task.</returns>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _stopping.CancelAsync();
        if (_standby is not null)
        {
            await _standby.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        await _scheduler.Shutdown(waitForJobsToComplete: false);
        IsActive = false;
        _lease?.Dispose();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Disposal.DisposeAsync(_factory);
        _resources.Dispose();
        _stopping.Dispose();
    }

    private async Task ActivateAsync(CancellationToken cancellationToken)
    {
        await _scheduler.Start(cancellationToken);
        IsActive = true;
    }

    private async Task StandByAsync(string path, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(_options.StandbyPollInterval, _options.TimeProvider, cancellationToken);
            _lease = SingleSchedulerLease.TryAcquire(path, _options.NodeId);
            if (_lease is not null)
            {
                await ActivateAsync(cancellationToken);
                return;
            }
        }
    }
}
