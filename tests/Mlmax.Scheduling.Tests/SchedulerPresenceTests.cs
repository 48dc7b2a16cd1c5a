namespace Mlmax.Scheduling.Tests;

/// <summary><see cref="SchedulerPresence"/>: the schedules and the running schedulers, read without starting one.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SchedulerPresenceTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Start = Slots.Utc("2026-03-28T00:00:30Z");

    [Fact]
    public async Task FindAsync_SqliteNeverScheduled_NothingAndNothingCreated()
    {
        await using var h = await SchedulerHarness.SqliteAsync(Start);

        var status = await SchedulerPresence.FindAsync(h.Database, h.Clock, CancellationToken.None);

        Assert.Equal(0, status.Schedules);
        Assert.Empty(status.Schedulers);
        Assert.False(File.Exists(SchedulerPresence.LockPath(h.Location)));
    }

    [Fact]
    public async Task FindAsync_SqliteActiveRunner_CountsSchedulesAndSeesTheLockUntilItStops()
    {
        await using var h = await SchedulerHarness.SqliteAsync(Start);
        var runner = await h.StartRunnerAsync();
        await runner.Schedules.AddAsync(Slots.Spec("0 3 * * *", id: "nightly"), CancellationToken.None);
        await runner.Schedules.AddAsync(Slots.Spec("0 4 * * *", id: "later"), CancellationToken.None);
        await runner.Schedules.PauseAsync("later", CancellationToken.None);

        var running = await SchedulerPresence.FindAsync(h.Database, h.Clock, CancellationToken.None);
        await runner.StopAsync();
        var stopped = await SchedulerPresence.FindAsync(h.Database, h.Clock, CancellationToken.None);

        Assert.Equal(2, running.Schedules);
        Assert.Equal(1, running.Paused);
        Assert.True(Assert.Single(running.Alive).Alive);
        Assert.Equal(2, stopped.Schedules);
        Assert.Empty(stopped.Alive);
    }

    [Fact]
    public async Task FindAsync_PostgresTwoRunners_BothCheckedInAndAliveUntilTheirCheckInsAreOld()
    {
        await using var h = await SchedulerHarness.PostgresAsync(postgres, Start);
        var a = await h.StartRunnerAsync("node-a");
        await h.StartRunnerAsync("node-b");
        await a.Schedules.AddAsync(Slots.Spec("0 3 * * *", id: "nightly"), CancellationToken.None);

        SchedulerStatus status = null!;
        await Eventually.TrueAsync(
            async () => (status = await SchedulerPresence.FindAsync(h.Database, h.Clock, CancellationToken.None)).Alive.Count == 2, "two check-ins");

        Assert.Equal(1, status.Schedules);
        Assert.Equal(["node-a", "node-b"], status.Alive.Select(s => s.NodeId));
        Assert.All(status.Alive, s => Assert.True(s.LastCheckIn <= h.Clock.GetUtcNow()));

        // Judged an hour later by a clock the runners do not follow, the check-ins are stale.
        var later = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(h.Clock.GetUtcNow().AddHours(1));
        var stale = await SchedulerPresence.FindAsync(h.Database, later, CancellationToken.None);
        Assert.Equal(2, stale.Schedulers.Count);
        Assert.Empty(stale.Alive);
    }
}
