namespace Mlmax.Cli.Tests;

/// <summary><c>mlmax schedule add|list|pause|resume|remove</c> on the project's metadata database.</summary>
public sealed class ScheduleCommandTests
{
    [Fact]
    public async Task Schedule_AddListPauseResumeRemove_KeptInTheProject()
    {
        using var p = Fixtures.ChainProject();
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

        var added = await p.RunAsync("schedule", "add", "chain", "--cron", "0 3 * * *", "--tz", "Europe/London", "--param", "n=2",
            "--input", "raw=data.txt", "--misfire", "skip", "--overlap", "queue", "--json");
        var listed = await p.RunAsync("schedule", "list", "--json");
        var text = await p.RunAsync("schedule", "list");
        var paused = await p.RunAsync("schedule", "pause", "chain", "--json");
        var resumed = await p.RunAsync("schedule", "resume", "chain", "--json");
        var removed = await p.RunAsync("schedule", "remove", "chain");
        var empty = await p.RunAsync("schedule", "list", "--json");

        Assert.True(added.ExitCode == 0, added.ToString());
        var s = Assert.Single(listed.Json.EnumerateArray());
        Assert.Equal("chain", s.GetProperty("schedule").GetString());
        Assert.Equal("0 3 * * *", s.GetProperty("cron").GetString());
        Assert.Equal("Europe/London", s.GetProperty("time_zone").GetString());
        Assert.Equal("2", s.GetProperty("parameters").GetProperty("n").GetString());
        Assert.Equal("data.txt", s.GetProperty("inputs").GetProperty("raw").GetString());
        Assert.Equal("skip", s.GetProperty("misfire").GetString());
        Assert.Equal("queue", s.GetProperty("overlap").GetString());
        var next = s.GetProperty("next").EnumerateArray().Select(n => TimeZoneInfo.ConvertTime(n.GetDateTimeOffset(), london)).ToList();
        Assert.Equal(3, next.Count);
        Assert.All(next, n => Assert.Equal((3, 0), (n.Hour, n.Minute)));
        Assert.Contains("Europe/London", text.Stdout, StringComparison.Ordinal);
        Assert.True(paused.Json.GetProperty("paused").GetBoolean());
        Assert.Empty(paused.Json.GetProperty("next").EnumerateArray());
        Assert.False(resumed.Json.GetProperty("paused").GetBoolean());
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Empty(empty.Json.EnumerateArray());
    }

    [Theory]
    [InlineData("not a cron expression", "--tz", "UTC", "cron 'not a cron expression'")]
    [InlineData("0 3 * * *", "--tz", "Mars/Olympus", "unknown time zone 'Mars/Olympus'")]
    [InlineData("0 3 * * *", "--param", "nope=1", "nope")]
    [InlineData("0 3 * * *", "--input", "nope=x.csv", "unknown input 'nope'")]
    [InlineData("0 3 * * *", "--misfire", "sometimes", "--misfire 'sometimes'")]
    public async Task ScheduleAdd_BadRequest_RefusedWithExit2(string cron, string option, string value, string expected)
    {
        using var p = Fixtures.ChainProject();

        var r = await p.RunAsync("schedule", "add", "chain", "--cron", cron, option, value);

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(expected, r.Stderr + r.Stdout, StringComparison.Ordinal);
        Assert.Empty((await p.RunAsync("schedule", "list", "--json")).Json.EnumerateArray());
    }

    [Fact]
    public async Task Schedule_ExistingOrUnknownId_Refused()
    {
        using var p = Fixtures.ChainProject();
        Assert.Equal(0, (await p.RunAsync("schedule", "add", "chain", "--cron", "@daily")).ExitCode);

        var twice = await p.RunAsync("schedule", "add", "chain", "--cron", "0 4 * * *");
        var unknown = await p.RunAsync("schedule", "pause", "nightly");

        Assert.Equal(2, twice.ExitCode);
        Assert.Contains("schedule 'chain' exists", twice.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no schedule or watch 'nightly'", unknown.Stderr, StringComparison.Ordinal);
    }
}
