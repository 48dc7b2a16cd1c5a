using Mlmax.Metadata;
using Mlmax.Stores.Sqlite;

namespace Mlmax.Cli.Tests;

/// <summary><c>mlmax show</c> says what started a run.</summary>
public sealed class ShowTriggerTests
{
    [Fact]
    public async Task Show_RunStartedBySchedule_ShowsScheduleAndSlot()
    {
        using var p = TempProject.WithPipeline("chain", "steps: {}\n");
        await using (var store = new SqliteMetadataStore(p.PathOf(".mlmax/mlmax.db")))
        {
            await store.MigrateAsync(CancellationToken.None);
            foreach (var (id, trigger) in new[] { ("r-scheduled", RunTrigger.ForSchedule("nightly", new DateTimeOffset(2026, 3, 28, 3, 0, 0, TimeSpan.Zero))), ("r-manual", null) })
            {
                await store.CreateRunAsync(new RunRecord
                {
                    Id = id,
                    Pipeline = "chain",
                    DefinitionVersion = "v",
                    DefinitionJson = "{}",
                    Status = RunStatus.Succeeded,
                    ParametersJson = "{}",
                    InputsJson = "{}",
                    EnvironmentJson = "{}",
                    StartedAt = new DateTimeOffset(2026, 3, 28, 3, 0, 1, TimeSpan.Zero),
                    EndedAt = new DateTimeOffset(2026, 3, 28, 3, 0, 2, TimeSpan.Zero),
                    Owner = "host:1",
                    Trigger = trigger,
                }, CancellationToken.None);
            }
        }

        var text = await p.RunAsync("show", "r-scheduled");
        var json = await p.RunAsync("show", "r-scheduled", "--json");
        var manual = await p.RunAsync("show", "r-manual", "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("schedule nightly, slot 2026-03-28 03:00:00Z", text.Stdout, StringComparison.Ordinal);
        var shown = json.Json.GetProperty("trigger");
        Assert.Equal("schedule", shown.GetProperty("kind").GetString());
        Assert.Equal("nightly", shown.GetProperty("source").GetString());
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 3, 0, 0, TimeSpan.Zero), shown.GetProperty("slot").GetDateTimeOffset());
        Assert.False(manual.Json.TryGetProperty("trigger", out var none) && none.ValueKind != System.Text.Json.JsonValueKind.Null);
    }
}
