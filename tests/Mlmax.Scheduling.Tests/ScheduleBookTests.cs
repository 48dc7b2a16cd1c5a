using Mlmax.Specs;

namespace Mlmax.Scheduling.Tests;

/// <summary>Storing, listing, pausing and removing schedules (no scheduler running).</summary>
public sealed class ScheduleBookTests
{
    [Fact]
    public async Task ListAsync_AfterAdd_GivesTheSpecBackWithNextSlotsInItsTimeZone()
    {
        await using var h = await SchedulerHarness.SqliteAsync(Slots.Utc("2026-03-27T12:00:00Z"));
        await using var book = await ScheduleBook.OpenAsync(h.Database, h.Options("cli"), CancellationToken.None);
        var spec = Slots.Spec("30 1 * * *", zone: "Europe/London", misfire: MisfirePolicy.Skip, overlap: OverlapPolicy.Queue);

        await book.AddAsync(spec, CancellationToken.None);
        var state = Assert.Single(await book.ListAsync(CancellationToken.None));

        Assert.Equal(spec.Id, state.Spec.Id);
        Assert.Equal("30 1 * * *", state.Spec.Cron);
        Assert.Equal("Europe/London", state.Spec.TimeZone);
        Assert.Equal(spec.Parameters, state.Spec.Parameters);
        Assert.Equal(spec.Inputs, state.Spec.Inputs);
        Assert.Equal(MisfirePolicy.Skip, state.Spec.Misfire);
        Assert.Equal(OverlapPolicy.Queue, state.Spec.Overlap);
        Assert.False(state.Paused);
        Assert.Equal(["2026-03-28 01:30", "2026-03-29 01:00", "2026-03-30 00:30"], state.NextFires.Select(f => Slots.Format(f)));
    }

    [Fact]
    public async Task AddAsync_SeenByARunnerStartedLater_FiresThere()
    {
        await using var h = await SchedulerHarness.SqliteAsync(Slots.Utc("2026-03-28T02:59:30Z"));
        await using (var book = await ScheduleBook.OpenAsync(h.Database, h.Options("cli"), CancellationToken.None))
        {
            await book.AddAsync(Slots.Spec("0 3 * * *"), CancellationToken.None);
        }

        await h.StartRunnerAsync();
        await h.AdvanceUntilCallsAsync(TimeSpan.FromMinutes(1), 1);

        Assert.Equal("schedule:nightly@2026-03-28T03:00:00Z", Assert.Single(h.Launcher.Calls).Trigger.Key);
    }

    [Fact]
    public async Task PauseAsync_Then_ListsPausedWithNoNextSlots()
    {
        await using var h = await SchedulerHarness.SqliteAsync(Slots.Utc("2026-03-28T00:00:00Z"));
        await using var book = await ScheduleBook.OpenAsync(h.Database, h.Options("cli"), CancellationToken.None);
        await book.AddAsync(Slots.Spec("0 3 * * *"), CancellationToken.None);

        Assert.True(await book.PauseAsync("nightly", CancellationToken.None));
        var paused = (await book.GetAsync("nightly", CancellationToken.None))!;
        Assert.True(await book.ResumeAsync("nightly", CancellationToken.None));
        var resumed = (await book.GetAsync("nightly", CancellationToken.None))!;

        Assert.True(paused.Paused);
        Assert.Empty(paused.NextFires);
        Assert.False(resumed.Paused);
        Assert.Equal("2026-03-28 03:00", Slots.Format(resumed.NextFires[0]));
    }

    [Fact]
    public async Task RemoveAsync_Existing_GoneAndUnknownIsFalse()
    {
        await using var h = await SchedulerHarness.SqliteAsync(Slots.Utc("2026-03-28T00:00:00Z"));
        await using var book = await ScheduleBook.OpenAsync(h.Database, h.Options("cli"), CancellationToken.None);
        await book.AddAsync(Slots.Spec("0 3 * * *"), CancellationToken.None);

        Assert.True(await book.RemoveAsync("nightly", CancellationToken.None));
        Assert.Empty(await book.ListAsync(CancellationToken.None));
        Assert.Null(await book.GetAsync("nightly", CancellationToken.None));
        Assert.False(await book.RemoveAsync("nightly", CancellationToken.None));
        Assert.False(await book.PauseAsync("nightly", CancellationToken.None));
    }

    [Fact]
    public async Task AddAsync_ExistingId_RefusedNamingIt()
    {
        await using var h = await SchedulerHarness.SqliteAsync(Slots.Utc("2026-03-28T00:00:00Z"));
        await using var book = await ScheduleBook.OpenAsync(h.Database, h.Options("cli"), CancellationToken.None);
        await book.AddAsync(Slots.Spec("0 3 * * *"), CancellationToken.None);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => book.AddAsync(Slots.Spec("0 4 * * *"), CancellationToken.None));

        Assert.Contains("schedule 'nightly' exists", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nightly", "0 3 * *", "UTC", "cron '0 3 * *'")]
    [InlineData("nightly", "0 25 * * *", "UTC", "cron '0 25 * * *'")]
    [InlineData("nightly", "0 3 * * *", "Mars/Olympus", "unknown time zone 'Mars/Olympus'")]
    [InlineData("night ly", "0 3 * * *", "UTC", "schedule id 'night ly'")]
    public void Validate_Invalid_SaysWhat(string id, string cron, string zone, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleBook.Validate(Slots.Spec(cron, id: id, zone: zone)));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
