namespace Mlmax.Scheduling.Tests;

/// <summary>Two schedulers on one database, with time running over the same slots: each slot starts exactly one run.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoRunnerTests(PostgresFixture postgres)
{
    private const int Minutes = 60;
    private static readonly DateTimeOffset Start = Slots.Utc("2026-03-28T00:00:30Z");

    [Fact]
    public async Task TwoRunners_OnePostgresDatabase_ExactlyOneLaunchPerSlot()
    {
        await using var h = await SchedulerHarness.PostgresAsync(postgres, Start);
        h.MisfireThreshold = TimeSpan.FromHours(1);
        var a = await h.StartRunnerAsync("node-a");
        var b = await h.StartRunnerAsync("node-b");
        await a.Schedules.AddAsync(Slots.Spec("* * * * *", id: "every-minute"), CancellationToken.None);
        await b.Schedules.AddAsync(Slots.Spec("*/2 * * * *", id: "every-two"), CancellationToken.None);
        Assert.True(a.IsActive && b.IsActive);

        await h.RunClockAsync(Start.AddMinutes(Minutes));
        var expected = Minutes + (Minutes / 2);
        await Eventually.TrueAsync(() => h.Launcher.Calls.Count >= expected, $"{expected} launches", timeoutMs: 90_000);
        await Eventually.SettleAsync(1000);

        AssertOneLaunchPerSlot(h, expected);
        Assert.Equal(expected, h.Launcher.Recorded.Count);
        Assert.Equal(2, h.Launcher.Calls.Select(c => c.Trigger.Source).Distinct().Count());
    }

    [Fact]
    public async Task TwoRunners_OneSqliteFile_OneActiveAndExactlyOneLaunchPerSlotAcrossTakeover()
    {
        await using var h = await SchedulerHarness.SqliteAsync(Start);
        h.MisfireThreshold = TimeSpan.FromHours(1);
        var a = await h.StartRunnerAsync("node-a");
        var b = await h.StartRunnerAsync("node-b");
        await a.Schedules.AddAsync(Slots.Spec("* * * * *", id: "every-minute"), CancellationToken.None);
        Assert.True(a.IsActive);
        Assert.False(b.IsActive);

        await h.RunClockAsync(Start.AddMinutes(Minutes / 2));
        await Eventually.TrueAsync(() => h.Launcher.Calls.Count >= Minutes / 2, "the first half's launches");
        await a.StopAsync();                              // the active one goes; the standby takes over within its poll interval
        await h.RunClockAsync(h.Clock.GetUtcNow().AddSeconds(10));
        await Eventually.TrueAsync(() => b.IsActive, "the standby becomes active");
        await h.RunClockAsync(Start.AddMinutes(Minutes));
        // A takeover on a loaded machine can leave the new active scheduler catching up on many slots at once: wait longer.
        await Eventually.TrueAsync(() => h.Launcher.Calls.Count >= Minutes, $"{Minutes} launches", timeoutMs: 90_000);
        await Eventually.SettleAsync(1000);

        AssertOneLaunchPerSlot(h, Minutes);
    }

    private static void AssertOneLaunchPerSlot(SchedulerHarness h, int expected)
    {
        var calls = h.Launcher.Calls;
        var duplicates = calls.GroupBy(c => c.Trigger.Key).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "slots launched more than once: " + string.Join(", ", duplicates));
        Assert.Equal(expected, calls.Count);
    }
}
