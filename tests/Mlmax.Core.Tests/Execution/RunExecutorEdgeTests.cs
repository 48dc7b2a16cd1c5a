using System.Diagnostics;
using Mlmax.Definitions;
using Mlmax.Execution;
using Mlmax.Metadata;
using Mlmax.Specs;
using static Mlmax.Core.Tests.Execution.TestProject;

namespace Mlmax.Core.Tests.Execution;

/// <summary>Less common paths of the local executor: bad metrics, lost cache outputs, runner forms, stray processes.</summary>
public sealed class RunExecutorEdgeTests : IAsyncLifetime
{
    private TestProject _project = null!;

    public async Task InitializeAsync() => _project = await TestProject.CreateAsync();

    public async Task DisposeAsync() => await _project.DisposeAsync();

    private static StepRunRecord Step(RunResult result, string name) => result.Steps.Single(s => s.Step == name);

    [Fact]
    public async Task RunAsync_MetricsNotNumbers_FailsNamingMetricsFile()
    {
        var pipeline = new PipelineBuilder("metrics")
            .Step("a", Bash("""echo x > "$MLMAX_OUTPUT_OUT/v"; echo '{"auc": "high"}' > "$MLMAX_METRICS_FILE" """), s => s.Outputs("out"))
            .Build();

        var result = await _project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Failed, Step(result, "a").Status);
        Assert.Contains("metrics", Step(result, "a").Error, StringComparison.Ordinal);
        Assert.Empty(Step(result, "a").Outputs);
    }

    [Fact]
    public async Task RunAsync_CachedOutputsDeletedFromStore_RunsStepAgain()
    {
        var pipeline = new PipelineBuilder("lost")
            .Step("a", Bash("""echo x > "$MLMAX_OUTPUT_OUT/v" """), s => s.Outputs("out"))
            .Build();
        var first = await _project.RunAsync(pipeline);
        Directory.Delete(Path.Combine(_project.StateDirectory, "store", "blobs"), recursive: true);

        var second = await _project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Succeeded, Step(second, "a").Status);
        Assert.Equal(Step(first, "a").Outputs, Step(second, "a").Outputs);
        Assert.True(await _project.Artifacts.ExistsAsync(Step(second, "a").Outputs["out"], CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_StepWithCacheOff_RunsEveryTime()
    {
        var pipeline = new PipelineBuilder("nocache")
            .Step("a", Bash("""echo x > "$MLMAX_OUTPUT_OUT/v" """), s => s.Outputs("out").Cache(false))
            .Build();
        await _project.RunAsync(pipeline);

        var second = await _project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Succeeded, Step(second, "a").Status);
        Assert.Equal("cache: false on this step", _project.Observer.ExplanationFor(second.Run.Id, "a"));
    }

    [Fact]
    public async Task RunAsync_ParametersAfterCommandArguments_InNameOrder()
    {
        var pipeline = new PipelineBuilder("args")
            .Step("a", new CommandRunner(["bash", "-c", """echo "$@" > "$MLMAX_OUTPUT_OUT/args" """, "zero", "--mode", "train"]),
                s => s.Outputs("out").Parameter("zeta", 2L).Parameter("alpha", "a b").Parameter("mid", true))
            .Build();

        var result = await _project.RunAsync(pipeline);

        Assert.Equal("--mode train --alpha a b --mid true --zeta 2", await _project.ReadSingleFileAsync(Step(result, "a").Outputs["out"]));
    }

    [Theory]
    [InlineData("scripts/step.sh")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task RunAsync_ProgramIsProjectRelativeScript_RunsItAndHashesIt(string path)
    {
        Assert.Equal(RunStatus.Succeeded, await RunScriptProgramAsync(path));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task RunAsync_ProgramIsScriptUnderProjectBin_RunsIt()
    {
        Assert.Equal(RunStatus.Succeeded, await RunScriptProgramAsync("bin/step.sh"));
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private async Task<RunStatus> RunScriptProgramAsync(string path)
    {
        var script = _project.Write(path, "#!/bin/bash\necho from-script > \"$MLMAX_OUTPUT_OUT/v\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var pipeline = new PipelineBuilder("script").Step("a", new CommandRunner([path]), s => s.Outputs("out")).Build();

        var result = await _project.RunAsync(pipeline);

        if (result.Run.Status == RunStatus.Succeeded)
        {
            Assert.Equal("from-script", await _project.ReadSingleFileAsync(Step(result, "a").Outputs["out"]));
            Assert.Contains(path, CacheKeyParts.FromJson(Step(result, "a").CacheKeyPartsJson)!.Code.Keys);
        }

        return result.Run.Status;
    }

    [Fact]
    public async Task RunAsync_ScriptArgumentRelativeToProject_RunsThatScript()
    {
        _project.Write("src/step.sh", "echo from-arg > \"$MLMAX_OUTPUT_OUT/v\"\n");
        var pipeline = new PipelineBuilder("scriptarg").Step("a", new CommandRunner(["bash", "src/step.sh"]), s => s.Outputs("out")).Build();

        var result = await _project.RunAsync(pipeline);

        Assert.Contains("src/step.sh", CacheKeyParts.FromJson(Step(result, "a").CacheKeyPartsJson)!.Code.Keys);
        Assert.True(RunStatus.Succeeded == result.Run.Status, result.Run.Error + string.Join("|", result.FailedLogTail));
        Assert.Equal("from-arg", await _project.ReadSingleFileAsync(Step(result, "a").Outputs["out"]));
    }

    [Fact]
    public async Task RunAsync_StepLeavesBackgroundProcessOnStdout_TimeoutStillHonoured()
    {
        var pipeline = new PipelineBuilder("stray")
            .Step("a", Bash("""sleep 20 & echo started; echo x > "$MLMAX_OUTPUT_OUT/v" """), s => s.Outputs("out").Timeout(TimeSpan.FromSeconds(1)))
            .Build();
        var clock = Stopwatch.StartNew();

        var result = await _project.RunAsync(pipeline);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed} ({Step(result, "a").Status}: {Step(result, "a").Error})");
    }

    [Fact]
    public async Task RunAsync_InputArtifactBlobTampered_StepFailsNamingTheFile()
    {
        var pipeline = new PipelineBuilder("tamper")
            .Step("a", Bash("""echo good > "$MLMAX_OUTPUT_OUT/v" """), s => s.Outputs("out"))
            .Step("b", Bash("""cat "$MLMAX_INPUT_IN/v" > "$MLMAX_OUTPUT_OUT/v" """), s => s.Input("in", "a.out").Outputs("out").Cache(false))
            .Build();
        var first = await _project.RunAsync(pipeline);
        var file = Assert.Single((await _project.Artifacts.ReadTreeAsync(Step(first, "a").Outputs["out"], CancellationToken.None)).Files);
        await File.WriteAllTextAsync(Path.Combine(_project.StateDirectory, "store", "blobs", "sha256", file.Sha256[..2], file.Sha256), "evil\n");

        var second = await _project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Failed, second.Run.Status);
        Assert.Equal(RunStatus.Cached, Step(second, "a").Status);
        Assert.Contains("'v'", Step(second, "b").Error, StringComparison.Ordinal);
        Assert.Contains("does not match", Step(second, "b").Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CachedOutputManifestTampered_RunEndsAndIsRecorded()
    {
        var pipeline = new PipelineBuilder("tamper")
            .Step("a", Bash("""echo good > "$MLMAX_OUTPUT_OUT/v" """), s => s.Outputs("out"))
            .Build();
        var first = await _project.RunAsync(pipeline);
        var hex = Mlmax.Artifacts.ArtifactId.Hex(Step(first, "a").Outputs["out"]);
        await File.WriteAllTextAsync(Path.Combine(_project.StateDirectory, "store", "trees", "sha256", hex[..2], hex + ".json"), """{"files":[]}""");

        var second = await Record.ExceptionAsync(() => _project.RunAsync(pipeline));

        Assert.Null(second);
        var runs = await _project.Metadata.ListRunsAsync(null, 10, CancellationToken.None);
        Assert.DoesNotContain(runs, r => r.Status == RunStatus.Running);
    }
}
