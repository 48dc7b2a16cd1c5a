namespace Mlmax.Scheduling.Tests;

/// <summary>Schedules and watches declared in definitions, kept in step with the stored ones.</summary>
// In the PostgreSQL collection only to run apart from the timing-sensitive two-scheduler tests, not beside them.
[Collection(PostgresCollection.Name)]
public sealed class DeclaredSyncTests
{
    private static readonly DateTimeOffset Now = Slots.Utc("2026-03-28T00:00:00Z");

    [Fact]
    public async Task SyncDeclaredAsync_NewChangedAndGone_AddsUpdatesRemoves()
    {
        await using var h = await SchedulerHarness.SqliteAsync(Now);
        await using var book = await ScheduleBook.OpenAsync(h.Database, h.Options("book"), CancellationToken.None);
        var nightly = Slots.Spec("0 3 * * *", id: "training.nightly");
        var watch = WatchTests.Spec(h.Scratch);

        var first = await book.SyncDeclaredAsync([nightly], [watch], CancellationToken.None);
        Assert.Equal(["training.nightly", "training.new_data"], first.Added);
        Assert.True((await book.GetAsync("training.nightly", CancellationToken.None))!.Spec.Declared);
        Assert.True((await book.GetWatchAsync("training.new_data", CancellationToken.None))!.Spec.Declared);

        var again = await book.SyncDeclaredAsync([nightly], [watch], CancellationToken.None);
        Assert.False(again.Changed);
        Assert.Equal(["training.nightly", "training.new_data"], again.Unchanged);

        await book.PauseAsync("training.nightly", CancellationToken.None);
        var changed = await book.SyncDeclaredAsync([nightly with { Cron = "0 4 * * *" }], [], CancellationToken.None);
        Assert.Equal(["training.nightly"], changed.Updated);
        Assert.Equal(["training.new_data"], changed.Removed);
        var stored = (await book.GetAsync("training.nightly", CancellationToken.None))!;
        Assert.Equal(("0 4 * * *", true), (stored.Spec.Cron, stored.Paused));
        Assert.Null(await book.GetWatchAsync("training.new_data", CancellationToken.None));

        var gone = await book.SyncDeclaredAsync([], [], CancellationToken.None);
        Assert.Equal(["training.nightly"], gone.Removed);
        Assert.Empty(await book.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task SyncDeclaredAsync_ParametersChanged_KeepsTheNextSlot()
    {
        await using var h = await SchedulerHarness.SqliteAsync(Now);
        await using var book = await ScheduleBook.OpenAsync(h.Database, h.Options("book"), CancellationToken.None);
        var nightly = Slots.Spec("0 3 * * *", id: "training.nightly");
        await book.SyncDeclaredAsync([nightly], [], CancellationToken.None);

        var sync = await book.SyncDeclaredAsync([nightly with { Parameters = new Dictionary<string, string> { ["l2"] = "0.9" } }], [], CancellationToken.None);

        Assert.Equal(["training.nightly"], sync.Updated);
        var stored = (await book.GetAsync("training.nightly", CancellationToken.None))!;
        Assert.Equal("0.9", stored.Spec.Parameters["l2"]);
        Assert.Equal(Slots.Utc("2026-03-28T03:00:00Z"), stored.NextFires[0]);
    }

    [Fact]
    public async Task SyncDeclaredAsync_IdAddedByHand_ConflictLeftAlone()
    {
        await using var h = await SchedulerHarness.SqliteAsync(Now);
        await using var book = await ScheduleBook.OpenAsync(h.Database, h.Options("book"), CancellationToken.None);
        await book.AddAsync(Slots.Spec("0 5 * * *", id: "training.nightly"), CancellationToken.None);
        await book.AddAsync(Slots.Spec("0 6 * * *", id: "by-hand"), CancellationToken.None);

        var sync = await book.SyncDeclaredAsync([Slots.Spec("0 3 * * *", id: "training.nightly")], [], CancellationToken.None);

        Assert.Equal(["training.nightly"], sync.Conflicts);
        Assert.Empty(sync.Removed);
        Assert.Equal(["0 5 * * *", "0 6 * * *"], (await book.ListAsync(CancellationToken.None)).OrderBy(s => s.Spec.Id, StringComparer.Ordinal).Select(s => s.Spec.Cron).Reverse());
        Assert.False(await book.IsDeclaredAsync("training.nightly", CancellationToken.None));
    }

    [Fact]
    public async Task SyncDeclaredAsync_InvalidDeclaration_ChangesNothing()
    {
        await using var h = await SchedulerHarness.SqliteAsync(Now);
        await using var book = await ScheduleBook.OpenAsync(h.Database, h.Options("book"), CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentException>(() => book.SyncDeclaredAsync([Slots.Spec("0 3 * * *", id: "a.b"), Slots.Spec("bad", id: "a.c")], [], CancellationToken.None));

        Assert.Empty(await book.ListAsync(CancellationToken.None));
    }
}
