// A scheduler that fires one slot and then hangs, for a test to kill it there:
//   Victim DATABASE MODE START
// DATABASE is a SQLite file or a postgres:// URL; MODE is "before-record" (the launch hangs before recording the run) or
// "after-record" (the run is recorded and goes on). START is the fake clock's start (ISO 8601); the schedule "nightly"
// (0 3 * * *, UTC) is added if missing, and the clock is moved one minute on. Prints "fired KEY", then "recorded KEY".
using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Mlmax.Metadata;
using Mlmax.Scheduling;
using Mlmax.Stores.Postgres;
using Mlmax.Stores.Sqlite;

var (databaseArg, mode, start) = (args[0], args[1], DateTimeOffset.Parse(args[2], CultureInfo.InvariantCulture));
var postgres = databaseArg.StartsWith("postgres://", StringComparison.Ordinal);
IMetadataStore store = postgres ? new PostgresMetadataStore(databaseArg) : new SqliteMetadataStore(databaseArg);
var database = postgres ? SchedulerDatabase.Postgres(databaseArg) : SchedulerDatabase.Sqlite(databaseArg);
await store.MigrateAsync(CancellationToken.None);
var clock = new FakeTimeProvider(start);
var options = new SchedulerOptions { TimeProvider = clock, NodeId = "victim", CheckinInterval = TimeSpan.FromSeconds(5), CheckinMisfireThreshold = TimeSpan.FromSeconds(10) };
var runner = await ScheduleRunner.CreateAsync(database, new HangingLauncher(store, clock, mode), store, options, CancellationToken.None);
if (await runner.Schedules.GetAsync("nightly", CancellationToken.None) is null)
{
    await runner.Schedules.AddAsync(new ScheduleSpec { Id = "nightly", Pipeline = "training", Cron = "0 3 * * *" }, CancellationToken.None);
}

await runner.StartAsync(CancellationToken.None);
clock.Advance(TimeSpan.FromMinutes(1));
await Task.Delay(Timeout.Infinite);

internal sealed class HangingLauncher(IMetadataStore store, TimeProvider clock, string mode) : IRunLauncher
{
    public async Task<LaunchedRun> LaunchAsync(ScheduledRunRequest request, CancellationToken cancellationToken)
    {
        Console.WriteLine($"fired {request.Trigger.Key}");
        if (mode == "before-record")
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        await store.CreateRunAsync(new RunRecord
        {
            Id = "victim-run",
            Pipeline = request.Pipeline,
            DefinitionVersion = "v",
            DefinitionJson = "{}",
            ParametersJson = "{}",
            InputsJson = "{}",
            EnvironmentJson = "{}",
            StartedAt = clock.GetUtcNow(),
            Owner = "victim",
            Trigger = request.Trigger,
        }, cancellationToken);
        Console.WriteLine($"recorded {request.Trigger.Key}");
        return new LaunchedRun("victim-run", Task.Delay(Timeout.Infinite, cancellationToken));
    }
}
