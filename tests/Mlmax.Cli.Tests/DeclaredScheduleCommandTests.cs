using Mlmax.Metadata;
using Mlmax.Stores.Sqlite;

namespace Mlmax.Cli.Tests;

/// <summary>Schedules and watches declared in a pipeline definition (<c>mlmax schedule sync|list|remove</c>), watches added by hand, and <c>mlmax runs</c> showing what started each run.</summary>
public sealed class DeclaredScheduleCommandTests
{
    private const string Declared = """

        schedules:
          nightly: { cron: "0 3 * * *", timezone: Europe/London, params: { n: 5 }, misfire: skip }
        watches:
          drops: { path: incoming/, pattern: "*.txt", input: raw, poll: 5s }
        """;

    [Fact]
    public async Task ScheduleSync_DeclaredInDefinition_StoredListedAndRemovedWithIt()
    {
        using var p = Fixtures.ChainProject();
        p.Write("pipelines/chain.yaml", Fixtures.Chain + Declared);

        var synced = await p.RunAsync("schedule", "sync", "--json");
        var listed = await p.RunAsync("schedule", "list", "--json");
        var table = await p.RunAsync("schedule", "list");
        var remove = await p.RunAsync("schedule", "remove", "chain.nightly");
        var pause = await p.RunAsync("schedule", "pause", "chain.nightly");
        p.Write("pipelines/chain.yaml", Fixtures.Chain);
        var gone = await p.RunAsync("schedule", "sync");
        var empty = await p.RunAsync("schedule", "list", "--json");

        Assert.True(synced.ExitCode == 0, synced.ToString());
        Assert.Equal(["chain.nightly", "chain.drops"], synced.Json.GetProperty("added").EnumerateArray().Select(e => e.GetString()));
        var items = listed.Json.EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal(("chain.nightly", "declared", "5", "skip"), (items[0].GetProperty("schedule").GetString(), items[0].GetProperty("origin").GetString(),
            items[0].GetProperty("parameters").GetProperty("n").GetString(), items[0].GetProperty("misfire").GetString()));
        Assert.Equal(("chain.drops", "declared", p.PathOf("incoming"), "*.txt"), (items[1].GetProperty("watch").GetString(), items[1].GetProperty("origin").GetString(),
            items[1].GetProperty("path").GetString(), items[1].GetProperty("pattern").GetString()));
        Assert.Contains("declared", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("03:00", table.Stdout, StringComparison.Ordinal);
        Assert.True(remove.ExitCode == 2, remove.ToString());
        Assert.Contains("'chain.nightly' is declared in pipelines/chain.yaml", remove.Stderr, StringComparison.Ordinal);
        Assert.Contains("mlmax schedule pause chain.nightly", remove.Stderr, StringComparison.Ordinal);
        Assert.True(pause.ExitCode == 0, pause.ToString());
        Assert.Contains("2 removed (chain.nightly, chain.drops)", gone.Stdout.ReplaceLineEndings(string.Empty), StringComparison.Ordinal);
        Assert.Empty(empty.Json.EnumerateArray());
    }

    [Theory]
    [InlineData("schedules:\n  nightly: { cron: \"0 27 * * *\" }\n", "chain.yaml:ENTRY:", "hour field '27'")]
    [InlineData("schedules:\n  nightly: { cron: \"@daily\", params: { m: 1 } }\n", "chain.yaml:ENTRY:", "unknown parameter 'm'")]
    [InlineData("schedules:\n  nightly: { cron: \"@daily\", params: { n: many } }\n", "pipelines/chain.yaml: schedules.nightly", "parameter 'n' expects")]
    [InlineData("watches:\n  drops: { path: in, input: nope }\n", "chain.yaml:ENTRY:", "unknown input 'nope'")]
    public async Task ScheduleSync_BadDeclaration_Exit2NamingFileAndLine(string section, string location, string message)
    {
        using var p = Fixtures.ChainProject();
        p.Write("pipelines/chain.yaml", Fixtures.Chain + "\n" + section);

        var r = await p.RunAsync("schedule", "sync");

        Assert.True(r.ExitCode == 2, r.ToString());
        // The entry is on the second line of the section, which starts on the line after the pipeline's last.
        var entry = Fixtures.Chain.Split('\n').Length + 2;
        Assert.Contains(location.Replace("ENTRY", entry.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), r.Stderr, StringComparison.Ordinal);
        Assert.Contains(message, r.Stderr, StringComparison.Ordinal);
        Assert.Empty((await p.RunAsync("schedule", "list", "--json")).Json.EnumerateArray());
    }

    [Fact]
    public async Task ScheduleWatch_AddedByHand_ListedPausedRemoved()
    {
        using var p = Fixtures.ChainProject();

        var added = await p.RunAsync("schedule", "watch", "chain", "--path", "incoming", "--input", "raw", "--pattern", "*.csv", "--poll", "10s", "--json");
        var wrongKind = await p.RunAsync("schedule", "watch", "chain", "--path", "incoming", "--input", "raw", "--batch", "--id", "other");
        var badPoll = await p.RunAsync("schedule", "watch", "chain", "--path", "incoming", "--input", "raw", "--poll", "often", "--id", "other");
        var paused = await p.RunAsync("schedule", "pause", "chain.watch", "--json");
        var removed = await p.RunAsync("schedule", "remove", "chain.watch");

        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Equal(("chain.watch", "added", 10.0), (added.Json.GetProperty("watch").GetString(), added.Json.GetProperty("origin").GetString(), added.Json.GetProperty("poll_seconds").GetDouble()));
        Assert.Equal(2, wrongKind.ExitCode);
        Assert.Contains("input 'raw' is of type file", wrongKind.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, badPoll.ExitCode);
        Assert.Contains("--poll 'often'", badPoll.Stderr, StringComparison.Ordinal);
        Assert.True(paused.Json.GetProperty("paused").GetBoolean());
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Empty((await p.RunAsync("schedule", "list", "--json")).Json.EnumerateArray());
    }

    [Fact]
    public async Task Runs_EachRun_ShowsWhatStartedIt()
    {
        using var p = TempProject.WithPipeline("chain", "steps: {}\n");
        var slot = new DateTimeOffset(2026, 3, 28, 3, 0, 0, TimeSpan.Zero);
        await using (var store = new SqliteMetadataStore(p.PathOf(".mlmax/mlmax.db")))
        {
            await store.MigrateAsync(CancellationToken.None);
            var triggers = new[]
            {
                ("r-1", RunTrigger.ForSchedule("chain.nightly", slot)),
                ("r-2", RunTrigger.ForData("chain.drops", "a.csv (8 B, modified 2026-03-28T03:00:00.0000000Z)")),
                ("r-3", null),
            };
            for (var i = 0; i < triggers.Length; i++)
            {
                await store.CreateRunAsync(new RunRecord
                {
                    Id = triggers[i].Item1,
                    Pipeline = "chain",
                    DefinitionVersion = "v",
                    DefinitionJson = "{}",
                    Status = RunStatus.Succeeded,
                    ParametersJson = "{}",
                    InputsJson = "{}",
                    EnvironmentJson = "{}",
                    StartedAt = slot.AddMinutes(i),
                    EndedAt = slot.AddMinutes(i + 0.5),
                    Owner = "host:1",
                    Trigger = triggers[i].Item2,
                }, CancellationToken.None);
            }
        }

        var text = await p.RunAsync("runs");
        var json = await p.RunAsync("runs", "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("schedule chain.nightly 2026-03-28 03:00Z", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("data chain.drops: a.csv", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("manual", text.Stdout, StringComparison.Ordinal);
        var byId = json.Json.EnumerateArray().ToDictionary(r => r.GetProperty("run").GetString()!);
        Assert.Equal("data", byId["r-2"].GetProperty("trigger").GetProperty("kind").GetString());
        Assert.Equal("chain.drops", byId["r-2"].GetProperty("trigger").GetProperty("source").GetString());
        Assert.StartsWith("a.csv (8 B", byId["r-2"].GetProperty("trigger").GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, byId["r-3"].GetProperty("trigger").ValueKind);
    }
}
