using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Mlmax.Scheduling.Internal;

/// <summary>Builds the Quartz.NET scheduler over the metadata database: its tables (prefix <c>quartz_</c>) beside mlmax's, created on first use.</summary>
internal static class QuartzSchedulers
{
    /// <summary>The Quartz scheduler name every mlmax scheduler of a database shares (what makes them one cluster).</summary>
    public const string InstanceName = "mlmax";

    /// <summary>
    /// The Quartz instance id on SQLite, where one scheduler at a time is active: the same for every process, so the one that
    /// starts after a crash recovers the firings the crashed one left.
    /// </summary>
    public const string SqliteInstanceId = "local";

    /// <summary>The prefix of Quartz's tables in the metadata database.</summary>
    public const string TablePrefix = "quartz_";

    /// <summary>Builds a scheduler, not started.</summary>
    /// <param name="database">Where schedules are kept.</param>
    /// <param name="options">The clock, node id and limits.</param>
    /// <param name="services">Registers what jobs need (the launcher, the metadata store).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The scheduler and the factory that owns its container (dispose it after shutting the scheduler down).</returns>
    public static async Task<(IScheduler Scheduler, ISchedulerFactory Factory)> BuildAsync(
        SchedulerDatabase database, SchedulerOptions options, Action<IServiceCollection> services, CancellationToken cancellationToken)
    {
        var factory = QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = InstanceName;
                s.InstanceId = database.IsShared ? options.NodeId : SqliteInstanceId;

                // Stopping cancels the runs still going; their firings are handed back for recovery (below).
                s.ShutdownJobInterruption = ShutdownJobInterruption.Always;
            });
            q.UseTimeProvider(options.TimeProvider);
            q.UseDefaultThreadPool(options.MaxConcurrentRuns);
            q.UsePersistentStore(store =>
            {
                if (database.IsShared)
                {
                    store.UsePostgres(database.ConnectionString);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = options.CheckinInterval;
                        c.CheckinMisfireThreshold = options.CheckinMisfireThreshold;
                    });
                }
                else
                {
                    store.UseSqlite(database.ConnectionString);
                }

                store.ProvisionSchema();
                store.ConfigureStore(s =>
                {
                    s.TablePrefix = TablePrefix;
                    s.StoreJobDataAsStrings = true;
                    s.MisfireThreshold = options.MisfireThreshold;

                    // A firing cut short by a shutdown is handed back as after a crash: the same recovery path, taken by the
                    // next scheduler to run, which finds the slot's run if it was recorded and never starts a second one.
                    s.RecoverFiringsCancelledByShutdown = true;
                });
            });
            q.Services.AddSingleton(new SchedulerLog(options.LoggerFactory.CreateLogger(SchedulerLog.Category)));
            services(q.Services);
        }).Build();
        var scheduler = await factory.GetScheduler(cancellationToken);
        return (scheduler, factory);
    }
}
