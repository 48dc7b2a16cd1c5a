using System.Diagnostics;
using Mlmax.Artifacts;
using Mlmax.Definitions;
using Mlmax.Execution;
using Mlmax.Metadata;
using Mlmax.Specs;
using Mlmax.Stores.Local;
using static Mlmax.Core.Tests.Execution.TestProject;

namespace Mlmax.Core.Tests.Execution;

/// <summary>The local executor when steps fail, retry, time out, leave outputs empty or are cancelled.</summary>
public sealed class RunExecutorFailureTests : IAsyncLifetime
{
    private TestProject _project = null!;

    public async Task InitializeAsync() => _project = await TestProject.CreateAsync();

    public async Task DisposeAsync() => await _project.DisposeAsync();

    private static StepRunRecord Step(RunResult result, string name) => result.Steps.Single(s => s.Step == name);

    [Fact]
    public async Task RunAsync_StepExitsWithThree_RunFailsDownstreamNotStartedOutputsNotPublished()
    {
        var pipeline = new PipelineBuilder("failing")
            .Step("a", Bash("""echo a > "$MLMAX_OUTPUT_OUT/v" """), s => s.Outputs("out"))
            .Step("b", Bash("""
                echo "partial-b" > "$MLMAX_OUTPUT_OUT/v"
                echo "working on b"
                echo "boom-marker: disk on fire" >&2
                exit 3
                """), s => s.Input("in", "a.out").Outputs("out"))
            .Step("c", Bash("""cat "$MLMAX_INPUT_IN/v" > "$MLMAX_OUTPUT_OUT/v" """), s => s.Input("in", "b.out").Outputs("out"))
            .Build();

        var result = await _project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Failed, result.Run.Status);
        Assert.Equal("b", result.FailedStep);
        Assert.Contains("step 'b' failed", result.Run.Error, StringComparison.Ordinal);
        Assert.Contains("exit code 3", result.Run.Error, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Succeeded, Step(result, "a").Status);
        var b = Step(result, "b");
        Assert.Equal(RunStatus.Failed, b.Status);
        Assert.Contains("exit code 3", b.Error, StringComparison.Ordinal);
        Assert.Empty(b.Outputs);
        Assert.Equal(RunStatus.Cancelled, Step(result, "c").Status);
        Assert.Null(Step(result, "c").StartedAt);
        Assert.DoesNotContain(_project.Observer.Started, s => s.Step == "c");
        Assert.Contains(result.FailedLogTail, l => l.Contains("boom-marker", StringComparison.Ordinal));
        Assert.Contains(result.FailedLogTail, l => l == "working on b");

        var recorded = await _project.Metadata.GetStepRunsAsync(result.Run.Id, CancellationToken.None);
        Assert.Equal([RunStatus.Succeeded, RunStatus.Failed, RunStatus.Cancelled], recorded.OrderBy(s => s.Step).Select(s => s.Status));
        Assert.Equal(RunStatus.Failed, (await _project.Metadata.GetRunAsync(result.Run.Id, CancellationToken.None))!.Status);
        Assert.Contains("boom-marker", await File.ReadAllTextAsync(Path.Combine(_project.StateDirectory, b.LogPath!)), StringComparison.Ordinal);

        using var scratch = new TempDirectory();
        File.WriteAllText(scratch.Combine("v"), "partial-b\n");
        var (partialId, _) = await new ArtifactStore(new LocalBlobStore(scratch.Combine("store")))
            .IngestFileAsync(scratch.Combine("v"), null, CancellationToken.None);
        Assert.False(await _project.Artifacts.ExistsAsync(partialId, CancellationToken.None));
        Assert.Empty(await _project.Metadata.FindArtifactsAsync(partialId, CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_IndependentStepStillRunning_IsCancelledWhenAnotherFails()
    {
        var pipeline = new PipelineBuilder("failfast")
            .Step("slow", Bash("""sleep 20; echo late > "$MLMAX_OUTPUT_OUT/v" """), s => s.Outputs("out"))
            .Step("bad", Bash("exit 4"), s => s.Outputs("out"))
            .Build();
        var clock = Stopwatch.StartNew();

        var result = await _project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Failed, result.Run.Status);
        Assert.Equal(RunStatus.Cancelled, Step(result, "slow").Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}: the running step was not cancelled");
    }

    [Fact]
    public async Task RunAsync_FailsOnceThenSucceeds_SucceededWithTwoAttempts()
    {
        var marker = Path.Combine(_project.Outside, "attempted");
        var pipeline = new PipelineBuilder("flaky")
            .Step("flaky", Bash($$"""
                if [ ! -f "{{marker}}" ]; then touch "{{marker}}"; echo "first attempt fails"; exit 1; fi
                echo ok > "$MLMAX_OUTPUT_OUT/v"
                """), s => s.Outputs("out").Retry(3, TimeSpan.FromMilliseconds(10)))
            .Build();

        var result = await _project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Succeeded, result.Run.Status);
        var step = Step(result, "flaky");
        Assert.Equal(RunStatus.Succeeded, step.Status);
        Assert.Equal(2, step.Attempts);
        Assert.Equal([("flaky", 1), ("flaky", 2)], _project.Observer.Started);
        Assert.Equal("ok", await _project.ReadSingleFileAsync(step.Outputs["out"]));
        Assert.Equal(2, (await _project.Metadata.GetStepRunsAsync(result.Run.Id, CancellationToken.None)).Single().Attempts);
    }

    [Fact]
    public async Task RunAsync_FailsEveryAttempt_FailedAfterMaxAttempts()
    {
        var pipeline = new PipelineBuilder("broken")
            .Step("broken", Bash("echo nope; exit 2"), s => s.Outputs("out").Retry(3, TimeSpan.Zero))
            .Build();

        var result = await _project.RunAsync(pipeline);

        var step = Step(result, "broken");
        Assert.Equal(RunStatus.Failed, step.Status);
        Assert.Equal(3, step.Attempts);
        Assert.Contains("exit code 2", step.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_StepExceedsTimeout_FailsQuicklyWithTimedOut()
    {
        var pidFile = Path.Combine(_project.Outside, "pid");
        var pipeline = new PipelineBuilder("slow")
            .Step("slow", Bash($$"""echo $$ > "{{pidFile}}"; sleep 30; echo done > "$MLMAX_OUTPUT_OUT/v" """),
                s => s.Outputs("out").Timeout(TimeSpan.FromMilliseconds(500)))
            .Build();
        var clock = Stopwatch.StartNew();

        var result = await _project.RunAsync(pipeline);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        Assert.Equal(RunStatus.Failed, result.Run.Status);
        Assert.Contains("timed out", Step(result, "slow").Error, StringComparison.Ordinal);
        Assert.True(ProcessProbe.IsGone(int.Parse(File.ReadAllText(pidFile).Trim())), "the timed-out process is still alive");
    }

    [Fact]
    public async Task RunAsync_DeclaredOutputLeftEmpty_FailsNamingTheOutput()
    {
        var pipeline = new PipelineBuilder("lazy")
            .Step("lazy", Bash("""echo "wrote something" > "$MLMAX_OUTPUT_MODEL/m"; echo forgot"""), s => s.Outputs("model", "predictions"))
            .Build();

        var result = await _project.RunAsync(pipeline);

        var step = Step(result, "lazy");
        Assert.Equal(RunStatus.Failed, step.Status);
        var summary = step.Error!.Split("(work directory")[0];
        Assert.Contains("predictions", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("model", summary, StringComparison.Ordinal);
        Assert.Empty(step.Outputs);
    }

    [Fact]
    public async Task RunAsync_TokenCancelled_RunCancelledAndProcessTreeKilled()
    {
        var pidFile = Path.Combine(_project.Outside, "pid");
        var childFile = Path.Combine(_project.Outside, "child");
        var pipeline = new PipelineBuilder("cancel")
            .Step("long", Bash($$"""
                echo $$ > "{{pidFile}}"
                sleep 30 &
                echo $! > "{{childFile}}.tmp" && mv "{{childFile}}.tmp" "{{childFile}}"
                wait
                echo done > "$MLMAX_OUTPUT_OUT/v"
                """), s => s.Outputs("out"))
            .Step("after", Bash("""cat "$MLMAX_INPUT_IN/v" > "$MLMAX_OUTPUT_OUT/v" """), s => s.Input("in", "long.out").Outputs("out"))
            .Build();
        using var cts = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();

        var running = _project.RunAsync(pipeline, cancellationToken: cts.Token);
        await WaitForFileAsync(childFile, running);
        await cts.CancelAsync();
        var result = await running;

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Equal(RunStatus.Cancelled, result.Run.Status);
        Assert.Equal("cancelled", result.Run.Error);
        Assert.Equal(RunStatus.Cancelled, Step(result, "long").Status);
        Assert.Equal(RunStatus.Cancelled, Step(result, "after").Status);
        Assert.Null(result.FailedStep);
        Assert.Equal(RunStatus.Cancelled, (await _project.Metadata.GetRunAsync(result.Run.Id, CancellationToken.None))!.Status);
        Assert.True(ProcessProbe.IsGone(int.Parse(File.ReadAllText(pidFile).Trim())), "the step's shell is still alive");
        Assert.True(ProcessProbe.IsGone(int.Parse(File.ReadAllText(childFile).Trim())), "the step's child process is still alive");
    }

    [Fact]
    public async Task RunAsync_TokenAlreadyCancelled_RunCancelledAndNoStepStarted()
    {
        var pipeline = new PipelineBuilder("never")
            .Step("a", Bash("""echo a > "$MLMAX_OUTPUT_OUT/v" """), s => s.Outputs("out"))
            .Step("b", Bash("""echo b > "$MLMAX_OUTPUT_OUT/v" """), s => s.Input("in", "a.out").Outputs("out"))
            .Build();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var result = await _project.RunAsync(pipeline, cancellationToken: cts.Token);

        Assert.Equal(RunStatus.Cancelled, result.Run.Status);
        Assert.All(result.Steps, s => Assert.Equal(RunStatus.Cancelled, s.Status));
        Assert.Empty(_project.Observer.Started);
        Assert.Equal(RunStatus.Cancelled, (await _project.Metadata.GetRunAsync(result.Run.Id, CancellationToken.None))!.Status);
    }

    private static async Task WaitForFileAsync(string path, Task running)
    {
        var clock = Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            Assert.False(running.IsCompleted, "the run ended before the step started");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{path} never appeared");
            await Task.Delay(20);
        }
    }
}

internal static class ProcessProbe
{
    /// <summary>Whether a process has exited (gone, or a zombie nobody reaped yet), waiting up to 5 s for it.</summary>
    public static bool IsGone(int pid)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            string stat;
            try
            {
                stat = File.ReadAllText($"/proc/{pid}/stat");
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
            {
                return true;
            }

            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            if (state is 'Z' or 'X')
            {
                return true;
            }

            Thread.Sleep(20);
        }

        return false;
    }
}
