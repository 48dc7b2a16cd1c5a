using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Mlmax.Cli.Tests;

/// <summary><c>mlmax scheduler</c> in real time: two of them on one project, a per-minute schedule, one run per slot.</summary>
public sealed class SchedulerCommandTests
{
    [Fact]
    public async Task Scheduler_TwoOnOneProject_OneActiveStartsTheSlotsRunWithItsTrigger()
    {
        using var p = Fixtures.ChainProject();
        Assert.Equal(0, (await p.RunAsync("schedule", "add", "chain", "--cron", "* * * * *", "--param", "n=7")).ExitCode);

        using var first = Start(p, out var firstOutput);
        await WaitForAsync(() => Task.FromResult(Text(firstOutput).Contains("runs start in this process", StringComparison.Ordinal)), "the first scheduler", 30);
        var doctor = await p.RunAsync("doctor", "--json");
        using var second = Start(p, out var secondOutput);
        await WaitForAsync(() => Task.FromResult(Text(secondOutput).Contains("standing by", StringComparison.Ordinal)), "the second scheduler standing by", 30);

        // The next minute's slot (at most 60 s away) starts one run.
        JsonElement run = default;
        await WaitForAsync(async () => (run = (await RunsAsync(p)).FirstOrDefault(r => r.GetProperty("status").GetString() == "succeeded")).ValueKind != JsonValueKind.Undefined, "a scheduled run", 90);
        await Task.Delay(3000);
        await StopAsync(first);
        await StopAsync(second);

        Assert.Single(await RunsAsync(p));
        var shown = (await p.RunAsync("show", run.GetProperty("run").GetString()!, "--json")).Json;
        var trigger = shown.GetProperty("trigger");
        Assert.Equal("schedule", trigger.GetProperty("kind").GetString());
        Assert.Equal("chain", trigger.GetProperty("source").GetString());
        Assert.Equal(0, trigger.GetProperty("slot").GetDateTimeOffset().Second);
        Assert.Equal(7, shown.GetProperty("parameters").GetProperty("n").GetInt32());
        var check = doctor.Json.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "scheduler");
        Assert.Equal("ok", check.GetProperty("status").GetString());
        Assert.StartsWith("1 schedule; scheduler running: one active (it holds ", check.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("stopped", Text(firstOutput), StringComparison.Ordinal);
        Assert.Contains("started chain run", Text(firstOutput), StringComparison.Ordinal);
        Assert.DoesNotContain("started chain run", Text(secondOutput), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scheduler_DeclaredWatch_OneRunPerNewFileWithTheFileAsTrigger()
    {
        using var p = Fixtures.ChainProject();
        p.Write("pipelines/chain.yaml", Fixtures.Chain + "\nwatches:\n  drops: { path: incoming/, pattern: \"*.txt\", input: raw, poll: 1s }\n");
        Directory.CreateDirectory(p.PathOf("incoming"));

        using var scheduler = Start(p, out var output);
        await WaitForAsync(() => Task.FromResult(Text(output).Contains("runs start in this process", StringComparison.Ordinal)), "the scheduler", 30);
        p.Write("incoming/first.txt", "first file\n");
        p.Write("incoming/.partial.txt", "hidden: being written\n");
        await WaitForAsync(async () => (await RunsAsync(p)).Any(r => r.GetProperty("status").GetString() == "succeeded"), "the file's run", 90);
        await Task.Delay(4000);   // a few more polls: the same file starts nothing more
        await StopAsync(scheduler);

        var run = Assert.Single(await RunsAsync(p));
        Assert.Equal("data", run.GetProperty("trigger").GetProperty("kind").GetString());
        Assert.Equal("chain.drops", run.GetProperty("trigger").GetProperty("source").GetString());
        Assert.StartsWith("first.txt (11 B, modified ", run.GetProperty("trigger").GetProperty("detail").GetString(), StringComparison.Ordinal);
        var shown = (await p.RunAsync("show", run.GetProperty("run").GetString()!, "--json")).Json;
        Assert.Contains("incoming/first.txt", shown.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("declared schedules and watches: 1 added (chain.drops)", Text(output), StringComparison.Ordinal);
    }

    private static async Task<List<JsonElement>> RunsAsync(TempProject p) =>
        (await p.RunAsync("runs", "--json")).Json.EnumerateArray().ToList();

    private static Process Start(TempProject p, out StringBuilder output)
    {
        var psi = CliProcess.StartInfo(p.Root, "scheduler", "--quiet");
        var process = Process.Start(psi)!;
        var lines = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (lines) { lines.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (lines) { lines.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        output = lines;
        return process;
    }

    private static async Task StopAsync(Process process)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(500);
        }
    }
}
