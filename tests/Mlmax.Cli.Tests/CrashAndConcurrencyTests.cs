using System.Diagnostics;

namespace Mlmax.Cli.Tests;

/// <summary>kill -9, Ctrl-C, two runs at once and a full disk leave the stores consistent.</summary>
public sealed class CrashAndConcurrencyTests
{
    [Fact]
    public async Task Resume_AfterKill9MidStep_CompletesWithSameOutputsAsUninterruptedRun()
    {
        using var reference = Fixtures.ChainProject();
        var clean = await reference.RunAsync("run", "chain", "--json");
        Assert.True(clean.ExitCode == 0, clean.ToString());

        using var p = Fixtures.ChainProject();
        var gate = p.PathOf("gate");
        var psi = CliProcess.StartInfo(p.Root, "run", "chain");
        psi.Environment["GATE"] = gate;
        using (var victim = Process.Start(psi)!)
        {
            _ = victim.StandardOutput.ReadToEndAsync();
            _ = victim.StandardError.ReadToEndAsync();
            await WaitForFileAsync(gate + ".started");
            victim.Kill(entireProcessTree: false);
            await victim.WaitForExitAsync();
            KillPid(File.ReadAllText(gate + ".pid"));
        }

        var runs = await p.RunAsync("runs", "--json");
        var run = runs.Json[0];
        Assert.Equal("interrupted", run.GetProperty("status").GetString());
        var runId = run.GetProperty("run").GetString()!;
        var shown = (await p.RunAsync("show", runId, "--json")).Json.GetProperty("steps").EnumerateArray()
            .ToDictionary(s => s.GetProperty("step").GetString()!);
        Assert.Empty(shown["b"].GetProperty("outputs").EnumerateObject());

        var resumed = await p.RunAsync("resume", runId, "--json");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(runId, resumed.Json.GetProperty("run").GetString());
        var expected = clean.Json.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("outputs").GetRawText());
        var actual = resumed.Json.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("outputs").GetRawText());
        Assert.Equal(expected, actual);
        Assert.Equal("succeeded", (await p.RunAsync("runs", "--json")).Json[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Run_CtrlC_CancelsStepsMarksRunCancelledAndResumes()
    {
        using var p = Fixtures.ChainProject();
        var gate = p.PathOf("gate");
        var psi = CliProcess.StartInfo(p.Root, "run", "chain");
        psi.Environment["GATE"] = gate;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await WaitForFileAsync(gate + ".started");
        var stepPid = int.Parse(File.ReadAllText(gate + ".pid").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 130, await stdout + await stderr);
        Assert.False(IsAlive(stepPid), "the step's process must be killed on Ctrl-C");
        var run = (await p.RunAsync("runs", "--json")).Json[0];
        Assert.Equal("cancelled", run.GetProperty("status").GetString());
        var resumed = await p.RunAsync("resume", run.GetProperty("run").GetString()!);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
    }

    [Fact]
    public async Task Run_TwoAtOnceInOneProject_BothSucceed()
    {
        using var p = Fixtures.ChainProject();
        var runs = await Task.WhenAll(p.RunAsync("run", "chain", "--no-cache"), p.RunAsync("run", "chain", "--no-cache", "--param", "n=2"));
        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.ToString()));
        var listed = (await p.RunAsync("runs", "--json")).Json.EnumerateArray().ToList();
        Assert.Equal(2, listed.Count);
        Assert.All(listed, r => Assert.Equal("succeeded", r.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Run_DiskFullWhilePublishing_FailsCleanlyWithNoPartialArtifact()
    {
        using var p = TempProject.WithPipeline("big", """
            name: big
            steps:
              a:
                command: [bash, -c, "head -c 3000000 /dev/urandom > $MLMAX_OUTPUT_O/big.bin"]
                outputs: [o]
            """);
        var mount = p.PathOf("small-disk");
        Directory.CreateDirectory(mount);
        await ShellAsync("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount);
        try
        {
            Directory.CreateDirectory(p.PathOf(".mlmax"));
            Directory.CreateSymbolicLink(p.PathOf(".mlmax/artifacts"), mount);
            var r = await p.RunAsync("run", "big");
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("No space left on device", r.All, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFiles(mount, "*", SearchOption.AllDirectories));
            var run = (await p.RunAsync("runs", "--json")).Json[0];
            Assert.Equal("failed", run.GetProperty("status").GetString());
        }
        finally
        {
            await ShellAsync("umount", mount);
        }
    }

    private static async Task WaitForFileAsync(string path)
    {
        var clock = Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"timed out waiting for {path}");
            await Task.Delay(50);
        }
    }

    private static void KillPid(string pid)
    {
        using var kill = Process.Start("kill", ["-9", pid.Trim()]);
        kill.WaitForExit();
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task ShellAsync(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} failed: {error}");
    }
}
