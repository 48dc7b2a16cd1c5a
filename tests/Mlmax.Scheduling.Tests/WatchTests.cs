using Mlmax.Metadata;

namespace Mlmax.Scheduling.Tests;

/// <summary>Data triggers on a local directory, one runner on the embedded SQLite database, driven by a fake clock.</summary>
// In the PostgreSQL collection only to run apart from the timing-sensitive two-scheduler tests, not beside them.
[Collection(PostgresCollection.Name)]
public sealed class WatchTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset Start = Slots.Utc("2026-03-28T00:00:00Z");

    internal static WatchSpec Spec(string path, bool batch = false, string id = "training.new_data") => new()
    {
        Id = id,
        Pipeline = "training",
        Path = path,
        Input = "raw",
        Pattern = "*.csv",
        Batch = batch,
        Poll = Poll,
        Parameters = new Dictionary<string, string> { ["l2"] = "0.5" },
    };

    [Fact]
    public async Task Poll_NewFile_OneRunWithTheFileBoundAndNamed()
    {
        await using var h = await SchedulerHarness.SqliteAsync(Start);
        var incoming = Directory.CreateDirectory(Path.Combine(h.Scratch, "incoming")).FullName;
        await File.WriteAllTextAsync(Path.Combine(incoming, "a.csv"), "x,y\n1,2\n");
        await File.WriteAllTextAsync(Path.Combine(incoming, "notes.txt"), "not data");
        var runner = await h.StartRunnerAsync();
        await runner.Schedules.AddWatchAsync(Spec(incoming), CancellationToken.None);

        await h.PolledAsync("training.new_data", 1);   // first seen: taken once it is the same at the next poll
        Assert.Empty(h.Launcher.Calls);
        await h.AdvanceUntilCallsAsync(Poll, 1);
        await h.AdvanceAsync(Poll, 3, settleMs: 100);
        await h.PolledAsync("training.new_data", 5);

        var call = Assert.Single(h.Launcher.Calls);
        Assert.Equal(("training", "0.5", Path.Combine(incoming, "a.csv")), (call.Pipeline, call.Parameters["l2"], call.Inputs["raw"]));
        Assert.Equal((RunTrigger.DataKind, "training.new_data"), (call.Trigger.Kind, call.Trigger.Source));
        Assert.StartsWith("a.csv (8 B, modified ", call.Trigger.Detail, StringComparison.Ordinal);
        var run = await h.Metadata.FindRunByTriggerAsync(call.Trigger.Key, CancellationToken.None);
        Assert.Equal(call.Trigger.Detail, run!.Trigger!.Detail);
        Assert.Contains(h.Log.Messages, m => m.StartsWith("data training.new_data: a.csv (8 B", StringComparison.Ordinal) && m.EndsWith($"started training run {run.Id}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Poll_FileStillBeingWritten_WaitsUntilItStopsChanging()
    {
        await using var h = await SchedulerHarness.SqliteAsync(Start);
        var incoming = Directory.CreateDirectory(Path.Combine(h.Scratch, "incoming")).FullName;
        var file = Path.Combine(incoming, "a.csv");
        await File.WriteAllTextAsync(file, "x,y\n");
        var runner = await h.StartRunnerAsync();
        await runner.Schedules.AddWatchAsync(Spec(incoming), CancellationToken.None);
        await h.PolledAsync("training.new_data", 1);

        await File.AppendAllTextAsync(file, "1,2\n");   // still being written at the second poll
        h.Clock.Advance(Poll);
        await h.PolledAsync("training.new_data", 2);
        Assert.Empty(h.Launcher.Calls);

        await h.AdvanceUntilCallsAsync(Poll, 1);        // the same at the third: taken, as written in full
        Assert.StartsWith("a.csv (8 B, ", Assert.Single(h.Launcher.Calls).Trigger.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_SameFileAfterRestart_NoNewRun_ReplacedFile_NewRun()
    {
        await using var h = await SchedulerHarness.SqliteAsync(Start);
        var incoming = Directory.CreateDirectory(Path.Combine(h.Scratch, "incoming")).FullName;
        var file = Path.Combine(incoming, "a.csv");
        await File.WriteAllTextAsync(file, "x,y\n1,2\n");
        var first = await h.StartRunnerAsync("node-a");
        await first.Schedules.AddWatchAsync(Spec(incoming), CancellationToken.None);
        await h.AdvanceUntilCallsAsync(Poll, 1);
        await Eventually.TrueAsync(() => h.Launcher.Recorded.Count >= 1, "the file's run recorded");
        await first.StopAsync();

        h.Clock.Advance(TimeSpan.FromMinutes(5));
        await h.StartRunnerAsync("node-b");
        await h.AdvanceAsync(Poll, 4, settleMs: 100);
        await h.PolledAsync("training.new_data", 6);
        Assert.Single(h.Launcher.Calls);

        await File.WriteAllTextAsync(file, "x,y\n1,2\n3,4\n");   // replaced: a new file
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));
        await h.AdvanceUntilCallsAsync(Poll, 2);
        await Eventually.TrueAsync(() => h.Launcher.Recorded.Count >= 2, "the replaced file's run recorded");
        Assert.StartsWith("a.csv (12 B, ", h.Launcher.Recorded[1].Trigger.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_Batch_OneRunOverADirectoryOfTheNewFiles()
    {
        await using var h = await SchedulerHarness.SqliteAsync(Start);
        var incoming = Directory.CreateDirectory(Path.Combine(h.Scratch, "incoming")).FullName;
        await File.WriteAllTextAsync(Path.Combine(incoming, "a.csv"), "a");
        await File.WriteAllTextAsync(Path.Combine(incoming, "b.csv"), "bb");
        var runner = await h.StartRunnerAsync();
        await runner.Schedules.AddWatchAsync(Spec(incoming, batch: true), CancellationToken.None);

        await h.AdvanceUntilCallsAsync(Poll, 1);
        await h.AdvanceAsync(Poll, 3, settleMs: 100);

        var call = Assert.Single(h.Launcher.Calls);
        var staged = call.Inputs["raw"];
        Assert.StartsWith(Path.Combine(h.Scratch, "staging", "training.new_data"), staged, StringComparison.Ordinal);
        Assert.Equal(["a.csv", "b.csv"], Directory.GetFiles(staged).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("bb", await File.ReadAllTextAsync(Path.Combine(staged, "b.csv")));
        Assert.Matches("^a.csv \\(1 B, .*\\), b.csv \\(2 B, .*\\)$", call.Trigger.Detail);

        await File.WriteAllTextAsync(Path.Combine(incoming, "c.csv"), "ccc");   // the next batch takes only the new file
        await h.AdvanceUntilCallsAsync(Poll, 2);
        await h.AdvanceAsync(Poll, 3, settleMs: 100);
        Assert.Equal(2, h.Launcher.Calls.Count);
        Assert.Equal(["c.csv"], Directory.GetFiles(h.Launcher.Calls[1].Inputs["raw"]).Select(Path.GetFileName));
        Assert.StartsWith("c.csv (3 B, ", h.Launcher.Calls[1].Trigger.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PauseAsync_Watch_NotListedUntilResumed()
    {
        await using var h = await SchedulerHarness.SqliteAsync(Start);
        var incoming = Directory.CreateDirectory(Path.Combine(h.Scratch, "incoming")).FullName;
        await File.WriteAllTextAsync(Path.Combine(incoming, "a.csv"), "a");
        var runner = await h.StartRunnerAsync();
        await runner.Schedules.AddWatchAsync(Spec(incoming), CancellationToken.None);
        await h.PolledAsync("training.new_data", 1);
        Assert.True(await runner.Schedules.PauseAsync("training.new_data", CancellationToken.None));

        await h.AdvanceAsync(Poll, 4, settleMs: 100);
        Assert.Empty(h.Launcher.Calls);
        Assert.True((await runner.Schedules.GetWatchAsync("training.new_data", CancellationToken.None))!.Paused);

        Assert.True(await runner.Schedules.ResumeAsync("training.new_data", CancellationToken.None));
        await h.AdvanceUntilCallsAsync(Poll, 1);
        Assert.Single(h.Launcher.Calls);
    }

    [Fact]
    public async Task AddWatchAsync_IdOfASchedule_Refused()
    {
        await using var h = await SchedulerHarness.SqliteAsync(Start);
        await using var book = await ScheduleBook.OpenAsync(h.Database, null, CancellationToken.None);
        await book.AddAsync(Slots.Spec("0 3 * * *", id: "x"), CancellationToken.None);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => book.AddWatchAsync(Spec(h.Scratch, id: "x"), CancellationToken.None));
        Assert.Contains("schedule 'x' exists", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ScheduleBook.Validate(Spec("relative/dir")));
    }
}
