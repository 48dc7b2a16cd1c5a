using Amazon.S3;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mlmax.Scheduling;

/// <summary>How a scheduler runs.</summary>
public sealed record SchedulerOptions
{
    /// <summary>The clock every slot is computed and fired by.</summary>
    /// <value>Default <see cref="TimeProvider.System"/>; tests give a fake one.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>This scheduler's name among the schedulers sharing a database.</summary>
    /// <value>Default <c>HOST:PID</c>.</value>
    public string NodeId { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>How late a slot may fire and still count as on time; a slot later than this is a misfire, handled by its schedule's <see cref="Specs.MisfirePolicy"/>.</summary>
    /// <value>Default one minute.</value>
    public TimeSpan MisfireThreshold { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>At most this many scheduled runs go on at once in this scheduler.</summary>
    /// <value>Default 10.</value>
    public int MaxConcurrentRuns { get; init; } = 10;

    /// <summary>On PostgreSQL, how often a scheduler tells the others it is alive.</summary>
    /// <value>Default 7.5 seconds.</value>
    public TimeSpan CheckinInterval { get; init; } = TimeSpan.FromSeconds(7.5);

    /// <summary>On PostgreSQL, how long past a missed check-in the others wait before taking over a scheduler's firings.</summary>
    /// <value>Default 15 seconds.</value>
    public TimeSpan CheckinMisfireThreshold { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>On SQLite, how often a standby scheduler tries to become the active one.</summary>
    /// <value>Default 5 seconds.</value>
    public TimeSpan StandbyPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Where the scheduler's log goes (category <c>Mlmax.Scheduling</c>): each slot fired, the run it started, and when it ended.</summary>
    /// <value>Default: nowhere.</value>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>How many next slots a listing shows per schedule.</summary>
    /// <value>Default 3.</value>
    public int NextFiresShown { get; init; } = 3;

    /// <summary>Where watches put the files their runs take when those are not local files as they are: S3 objects (fetched) and batches (a directory of the new files each).</summary>
    /// <value>Default <c>mlmax-watches</c> in the system's temporary directory; <c>mlmax scheduler</c> uses <c>.mlmax/watches</c>.</value>
    public string WatchStagingDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "mlmax-watches");

    /// <summary>The client S3 watches list and fetch with.</summary>
    /// <value>Default <see langword="null"/>: one configured from the environment (as the S3 artifact store's), made when an S3 watch first polls.</value>
    public IAmazonS3? S3Client { get; init; }
}
