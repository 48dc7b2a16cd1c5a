using Mlmax.Specs;

namespace Mlmax.Scheduling.Tests;

/// <summary>One runner on the embedded SQLite database, driven by a fake clock.</summary>
public sealed class ScheduleRunnerTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Start_SlotComes_LaunchesOnceWithScheduleAndSlot()
    {
        await using var h = await SchedulerHarness.SqliteAsync(Slots.Utc("2026-03-28T02:59:30Z"));
        var runner = await h.StartRunnerAsync();
        await runner.Schedules.AddAsync(Slots.Spec("0 3 * * *"), CancellationToken.None);

        await h.AdvanceAsync(TimeSpan.FromSeconds(20), 1);
        Assert.Empty(h.Launcher.Calls);
        await h.AdvanceUntilCallsAsync(TimeSpan.FromSeconds(20), 1);
        await h.AdvanceAsync(Minute, 10);

        var call = Assert.Single(h.Launcher.Calls);
        Assert.Equal("training", call.Pipeline);
        Assert.Equal("0.5", call.Parameters["l2"]);
        Assert.Equal("data/census.csv", call.Inputs["data"]);
        Assert.Equal("schedule:nightly@2026-03-28T03:00:00Z", call.Trigger.Key);
        var run = await h.Metadata.FindRunByTriggerAsync(call.Trigger.Key, CancellationToken.None);
        Assert.Equal(Slots.Utc("2026-03-28T03:00:00Z"), run!.Trigger!.Slot);
        Assert.Equal("nightly", run.Trigger.Source);
        Assert.Contains($"schedule nightly, slot 2026-03-28 03:00:00Z: started training run {run.Id}", h.Log.Messages);
    }

    [Fact]
    public async Task Start_EuropeLondonAcrossMarchChange_FiresTheWallClockSlots()
    {
        await using var h = await SchedulerHarness.SqliteAsync(Slots.Utc("2026-03-27T12:00:00Z"));
        var runner = await h.StartRunnerAsync();
        await runner.Schedules.AddAsync(Slots.Spec("30 1 * * *", zone: "Europe/London"), CancellationToken.None);

        await h.AdvanceAsync(TimeSpan.FromHours(1), 4 * 24);
        await Eventually.TrueAsync(() => h.Launcher.Calls.Count >= 4, "four daily slots");
        await Eventually.SettleAsync();

        // 01:30 GMT; on the 29th 01:30 does not exist (clocks go 01:00 -> 02:00 BST) so it fires at 02:00 BST; then 01:30 BST.
        Assert.Equal(
            ["2026-03-28 01:30", "2026-03-29 01:00", "2026-03-30 00:30", "2026-03-31 00:30"],
            h.Launcher.Calls.Select(c => Slots.Format(c.Trigger.Slot)));
    }

    [Theory]
    [InlineData(MisfirePolicy.RunOnce, new[] { "2026-03-28 03:00", "2026-03-28 04:00", "2026-03-28 07:00" })]
    [InlineData(MisfirePolicy.Skip, new[] { "2026-03-28 03:00", "2026-03-28 07:00" })]
    public async Task Start_AfterDownForThreeSlots_AppliesMisfirePolicy(MisfirePolicy policy, string[] expected)
    {
        await using var h = await SchedulerHarness.SqliteAsync(Slots.Utc("2026-03-28T02:59:00Z"));
        var first = await h.StartRunnerAsync("node-a");
        await first.Schedules.AddAsync(Slots.Spec("0 * * * *", misfire: policy), CancellationToken.None);
        await h.AdvanceUntilCallsAsync(Minute, 1);
        await first.StopAsync();

        h.Clock.Advance(TimeSpan.FromHours(3.5));   // 06:30: the 04:00, 05:00 and 06:00 slots passed with no scheduler
        await h.StartRunnerAsync("node-b");
        await Eventually.SettleAsync(1500);
        await h.AdvanceAsync(TimeSpan.FromMinutes(10), 2);
        await h.AdvanceUntilCallsAsync(TimeSpan.FromMinutes(10.5), expected.Length);   // 07:00:30
        await Eventually.SettleAsync();

        Assert.Equal(expected, h.Launcher.Calls.Select(c => Slots.Format(c.Trigger.Slot)));
    }

    [Theory]
    [InlineData(OverlapPolicy.Skip, new[] { "00:01", "00:05" })]
    [InlineData(OverlapPolicy.Queue, new[] { "00:01", "00:02", "00:05" })]
    public async Task Start_SlotsDueWhileRunGoesOn_AppliesOverlapPolicy(OverlapPolicy policy, string[] expected)
    {
        await using var h = await SchedulerHarness.SqliteAsync(Slots.Utc("2026-03-28T00:00:30Z"));
        var runner = await h.StartRunnerAsync();
        await runner.Schedules.AddAsync(Slots.Spec("* * * * *", overlap: policy), CancellationToken.None);
        var running = new TaskCompletionSource();
        h.Launcher.HoldRuns = running;

        await h.AdvanceUntilCallsAsync(Minute, 1);          // 00:01 starts and goes on
        await h.AdvanceAsync(Minute, 3, settleMs: 150);    // 00:02, 00:03, 00:04 come due meanwhile
        Assert.Single(h.Launcher.Calls);

        h.Launcher.HoldRuns = null;
        running.SetResult();                               // the 00:01 run ends at 00:04:30
        await Eventually.SettleAsync(1000);
        await h.AdvanceUntilCallsAsync(Minute, expected.Length);   // 00:05
        await Eventually.SettleAsync();

        Assert.Equal(expected, h.Launcher.Calls.Select(c => Slots.Format(c.Trigger.Slot)[11..]));
    }

    [Fact]
    public async Task PauseAsync_SlotsPass_NeverFiresUntilResumed()
    {
        await using var h = await SchedulerHarness.SqliteAsync(Slots.Utc("2026-03-28T00:00:30Z"));
        var runner = await h.StartRunnerAsync();
        await runner.Schedules.AddAsync(Slots.Spec("* * * * *", misfire: MisfirePolicy.Skip), CancellationToken.None);
        Assert.True(await runner.Schedules.PauseAsync("nightly", CancellationToken.None));

        await h.AdvanceAsync(Minute, 5, settleMs: 100);
        await Eventually.SettleAsync();
        Assert.Empty(h.Launcher.Calls);
        Assert.True((await runner.Schedules.GetAsync("nightly", CancellationToken.None))!.Paused);

        Assert.True(await runner.Schedules.ResumeAsync("nightly", CancellationToken.None));
        await h.AdvanceUntilCallsAsync(Minute, 1);
        await Eventually.SettleAsync();
        Assert.Equal(["2026-03-28 00:06"], h.Launcher.Calls.Select(c => Slots.Format(c.Trigger.Slot)));
    }

    [Fact]
    public async Task StopAsync_MidSlotBeforeRunRecorded_NextRunnerStartsTheSlotOnce()
    {
        await using var h = await SchedulerHarness.SqliteAsync(Slots.Utc("2026-03-28T02:59:30Z"));
        var first = await h.StartRunnerAsync("node-a");
        await first.Schedules.AddAsync(Slots.Spec("0 3 * * *"), CancellationToken.None);
        h.Launcher.HoldBeforeRecording = new TaskCompletionSource();

        await h.AdvanceUntilCallsAsync(Minute, 1);   // the 03:00 slot fired; its launch is stuck before recording
        await first.StopAsync();                     // ... when the scheduler goes down
        Assert.Empty(h.Launcher.Recorded);

        h.Launcher.HoldBeforeRecording = null;
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        await h.StartRunnerAsync("node-b");
        await Eventually.TrueAsync(() => h.Launcher.Recorded.Count >= 1, "the recovered slot's run");
        await h.AdvanceAsync(TimeSpan.FromMinutes(10), 6);
        await Eventually.SettleAsync();

        var recorded = Assert.Single(h.Launcher.Recorded);
        Assert.Equal("schedule:nightly@2026-03-28T03:00:00Z", recorded.Trigger.Key);
        Assert.NotNull(await h.Metadata.FindRunByTriggerAsync(recorded.Trigger.Key, CancellationToken.None));
    }

    [Fact]
    public async Task StopAsync_MidSlotAfterRunRecorded_NextRunnerStartsNothing()
    {
        await using var h = await SchedulerHarness.SqliteAsync(Slots.Utc("2026-03-28T02:59:30Z"));
        var first = await h.StartRunnerAsync("node-a");
        await first.Schedules.AddAsync(Slots.Spec("0 3 * * *"), CancellationToken.None);
        h.Launcher.HoldRuns = new TaskCompletionSource();

        await h.AdvanceUntilCallsAsync(Minute, 1);   // the 03:00 run is recorded and going on
        await first.StopAsync();                     // when the scheduler goes down

        h.Launcher.HoldRuns = null;
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        await h.StartRunnerAsync("node-b");
        await Eventually.SettleAsync(1500);
        await h.AdvanceAsync(TimeSpan.FromMinutes(10), 6);
        await Eventually.SettleAsync();

        var call = Assert.Single(h.Launcher.Calls);
        Assert.Equal("schedule:nightly@2026-03-28T03:00:00Z", call.Trigger.Key);
        Assert.Contains(h.Log.Messages, m => m.StartsWith("schedule nightly, slot 2026-03-28 03:00:00Z: already started run", StringComparison.Ordinal));
    }
}
