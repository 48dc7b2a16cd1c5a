using Microsoft.Extensions.Time.Testing;
using Mlmax.Metadata;
using Mlmax.Stores.Postgres;
using Mlmax.Stores.Sqlite;

namespace Mlmax.Scheduling.Tests;

/// <summary>A metadata database (a SQLite file, or a PostgreSQL database), a fake clock, a recording launcher, and runners on them.</summary>
public sealed class SchedulerHarness : IAsyncDisposable
{
    private readonly List<ScheduleRunner> _runners = [];
    private readonly string? _directory;
    private readonly Func<ValueTask>? _drop;

    private SchedulerHarness(SchedulerDatabase database, string location, IMetadataStore metadata, DateTimeOffset start, string? directory, Func<ValueTask>? drop)
    {
        Database = database;
        Location = location;
        Metadata = metadata;
        Clock = new FakeTimeProvider(start);
        Launcher = new RecordingLauncher(metadata, Clock);
        _directory = directory;
        _drop = drop;
    }

    public SchedulerDatabase Database { get; }

    /// <summary>The SQLite file, or the PostgreSQL URL.</summary>
    public string Location { get; }

    public IMetadataStore Metadata { get; }

    public FakeTimeProvider Clock { get; }

    public RecordingLauncher Launcher { get; }

    /// <summary>The schedulers' own log (category <c>Mlmax.Scheduling</c>).</summary>
    public ListLoggerFactory Log { get; } = new("Mlmax.Scheduling");

    public static async Task<SchedulerHarness> SqliteAsync(DateTimeOffset start)
    {
        var directory = Path.Combine(Path.GetTempPath(), "mlmax-sched-" + Guid.NewGuid().ToString("N")[..12]);
        var path = Path.Combine(directory, "mlmax.db");
        var store = new SqliteMetadataStore(path);
        await store.MigrateAsync(CancellationToken.None);
        return new SchedulerHarness(SchedulerDatabase.Sqlite(path), path, store, start, directory, null);
    }

    public static async Task<SchedulerHarness> PostgresAsync(PostgresFixture postgres, DateTimeOffset start)
    {
        var url = await postgres.Server.CreateDatabaseAsync("mlmax_sched");
        var store = new PostgresMetadataStore(url);
        await store.MigrateAsync(CancellationToken.None);
        return new SchedulerHarness(SchedulerDatabase.Postgres(url), url, store, start, null, () => new ValueTask(postgres.Server.DropDatabaseAsync(url)));
    }

    /// <summary>How late a slot may fire before it counts as missed; <see cref="RunClockAsync"/> tests raise it so no slot is missed while a database is slow.</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The client S3 watches use (the test server's).</summary>
    public Amazon.S3.IAmazonS3? S3Client { get; set; }

    /// <summary>A directory of the test's own (watched folders, staged files), removed at the end.</summary>
    public string Scratch { get; } = Directory.CreateTempSubdirectory("mlmax-watch-").FullName;

    public SchedulerOptions Options(string node) => new()
    {
        MisfireThreshold = MisfireThreshold,
        LoggerFactory = Log,
        TimeProvider = Clock,
        NodeId = node,
        StandbyPollInterval = TimeSpan.FromSeconds(5),
        CheckinInterval = TimeSpan.FromSeconds(5),
        CheckinMisfireThreshold = TimeSpan.FromSeconds(10),
        WatchStagingDirectory = Path.Combine(Scratch, "staging"),
        S3Client = S3Client,
    };

    /// <summary>Waits until the watch has polled <paramref name="polls"/> times in all (on any runner).</summary>
    public Task PolledAsync(string watch, int polls) =>
        Eventually.TrueAsync(() => Log.Messages.Count(m => m.StartsWith($"watch {watch}: ", StringComparison.Ordinal) && m.EndsWith(" new", StringComparison.Ordinal)) >= polls, $"{polls} polls of {watch}");

    /// <summary>A runner on the harness's database, launcher and clock, started.</summary>
    public async Task<ScheduleRunner> StartRunnerAsync(string node = "node-a")
    {
        var runner = await ScheduleRunner.CreateAsync(Database, Launcher, Metadata, Options(node), CancellationToken.None);
        _runners.Add(runner);
        await runner.StartAsync(CancellationToken.None);
        return runner;
    }

    /// <summary>Moves the clock on, one step at a time, giving the runners a moment to act after each step.</summary>
    public async Task AdvanceAsync(TimeSpan step, int steps, int settleMs = 25)
    {
        for (var i = 0; i < steps; i++)
        {
            Clock.Advance(step);
            await Task.Delay(settleMs);
        }
    }

    /// <summary>
    /// Lets the clock run, about 400 times faster than real time (4 s every 10 ms), until it reads <paramref name="until"/>:
    /// the runners see time flow as in the real world, with every timer they set coming due.
    /// </summary>
    public async Task RunClockAsync(DateTimeOffset until)
    {
        while (Clock.GetUtcNow() < until)
        {
            Clock.Advance(TimeSpan.FromSeconds(4));
            await Task.Delay(10);
        }
    }

    /// <summary>
    /// Moves the clock on one step and waits until the launcher has been called <paramref name="calls"/> times in all. While
    /// waiting, time goes on as it would in the real world: every 50 ms the clock moves 1 s more (at most <paramref name="slack"/>
    /// in all, 29 s by default: short of the next slot of a per-minute schedule stepped from half past), so a scheduler thread that read the clock just before the step and set its timer just after it still wakes.
    /// </summary>
    public async Task AdvanceUntilCallsAsync(TimeSpan step, int calls, TimeSpan? slack = null)
    {
        Clock.Advance(step);
        var left = slack ?? TimeSpan.FromSeconds(29);
        var deadline = Environment.TickCount64 + 20000;
        var nudge = Environment.TickCount64 + 50;
        while (Launcher.Calls.Count < calls)
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail($"timed out waiting for {calls} launcher calls at {Clock.GetUtcNow():O}; had: {string.Join(", ", Launcher.Calls.Select(c => c.Trigger.Key))}");
            }

            if (Environment.TickCount64 > nudge && left > TimeSpan.Zero)
            {
                Clock.Advance(TimeSpan.FromSeconds(1));
                left -= TimeSpan.FromSeconds(1);
                nudge = Environment.TickCount64 + 50;
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var runner in _runners)
        {
            await runner.DisposeAsync();
        }

        await Metadata.DisposeAsync();
        if (_drop is not null)
        {
            await _drop();
        }

        foreach (var directory in new[] { _directory, Scratch })
        {
            if (directory is null)
            {
                continue;
            }

            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
