using System.Text.Json;
using Mlmax.Definitions;
using Mlmax.Execution;
using Mlmax.Metadata;
using Mlmax.Specs;
using static Mlmax.Core.Tests.Execution.TestProject;

namespace Mlmax.Core.Tests.Execution;

/// <summary>The local executor end to end with real bash processes: ordering, data flow, parallelism and caching.</summary>
public sealed class RunExecutorTests : IAsyncLifetime
{
    private TestProject _project = null!;

    public async Task InitializeAsync()
    {
        _project = await TestProject.CreateAsync();
        _project.Write("data.csv", "1\n2\n3\n");
    }

    public async Task DisposeAsync() => await _project.DisposeAsync();

    /// <summary>raw -> a (counts lines) -> b (times 10) -> c (plus x); declared in reverse order.</summary>
    private static PipelineSpec Chain() => new PipelineBuilder("chain")
        .Parameter("x", ParameterType.Integer, 1L)
        .Input("raw", InputKind.File, "data.csv")
        .Step("c", Bash("""echo $(( $(cat "$MLMAX_INPUT_IN/v") + MLMAX_PARAM_X )) > "$MLMAX_OUTPUT_OUT/v" """),
            s => s.Input("in", "b.out").Outputs("out").Parameter("x", "${params.x}"))
        .Step("b", Bash("""echo $(( $(cat "$MLMAX_INPUT_IN/v") * 10 )) > "$MLMAX_OUTPUT_OUT/v" """),
            s => s.Input("in", "a.out").Outputs("out"))
        .Step("a", Bash("""
            wc -l < "$MLMAX_INPUT_RAW/data.csv" | tr -d ' ' > "$MLMAX_OUTPUT_OUT/v"
            echo '{"rows": 3, "ratio": 0.5}' > "$MLMAX_METRICS_FILE"
            echo "a says hello"
            """),
            s => s.Input("raw", "inputs.raw").Outputs("out"))
        .Build();

    private static StepRunRecord Step(RunResult result, string name) => result.Steps.Single(s => s.Step == name);

    [Fact]
    public async Task RunAsync_Chain_RunsInDependencyOrderAndOutputsFlow()
    {
        var result = await _project.RunAsync(Chain());

        Assert.Equal(RunStatus.Succeeded, result.Run.Status);
        Assert.Null(result.Run.Error);
        Assert.All(result.Steps, s => Assert.Equal(RunStatus.Succeeded, s.Status));
        Assert.Equal(["a", "b", "c"], _project.Observer.Started.Select(s => s.Step));
        Assert.True(Step(result, "a").EndedAt <= Step(result, "b").StartedAt);
        Assert.True(Step(result, "b").EndedAt <= Step(result, "c").StartedAt);
        Assert.Equal("31", await _project.ReadSingleFileAsync(Step(result, "c").Outputs["out"]));
        Assert.Equal(3, Step(result, "a").Metrics["rows"]);
        Assert.Equal(0.5, Step(result, "a").Metrics["ratio"]);
        Assert.Contains(_project.Observer.Lines, l => l == ("a", "a says hello"));
    }

    [Fact]
    public async Task RunAsync_Chain_RecordsRunAndStepsInMetadata()
    {
        var result = await _project.RunAsync(Chain());

        var run = await _project.Metadata.GetRunAsync(result.Run.Id, CancellationToken.None);
        var steps = await _project.Metadata.GetStepRunsAsync(result.Run.Id, CancellationToken.None);
        Assert.Equal(RunStatus.Succeeded, run!.Status);
        Assert.NotNull(run.EndedAt);
        Assert.Equal("""{"x":1}""", run.ParametersJson);
        Assert.Equal(["a", "b", "c"], steps.Select(s => s.Step));
        Assert.All(steps, s => Assert.Equal(RunStatus.Succeeded, s.Status));
        Assert.Equal(Step(result, "a").Outputs["out"], steps.Single(s => s.Step == "b").Inputs["in"]);
        Assert.Contains("a says hello", await File.ReadAllTextAsync(Path.Combine(_project.StateDirectory, steps[0].LogPath!)), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_project.Context.WorkDirectory(result.Run.Id, "a")), "a succeeded step's work directory is removed");
    }

    [Fact]
    public async Task RunAsync_Chain_WritesLineageManifestNamingEveryOutput()
    {
        var result = await _project.RunAsync(Chain());

        var path = Path.Combine(_project.StateDirectory, "runs", result.Run.Id, "lineage.json");
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var root = manifest.RootElement;
        Assert.Equal(result.Run.Id, root.GetProperty("run").GetString());
        Assert.Equal("Succeeded", root.GetProperty("status").GetString());
        Assert.Equal(result.Run.DefinitionVersion, root.GetProperty("definition_version").GetString());
        var steps = root.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!);
        Assert.Equal(["a", "b", "c"], steps.Keys.Order());
        foreach (var record in result.Steps)
        {
            Assert.Equal(record.Outputs["out"], steps[record.Step].GetProperty("outputs").GetProperty("out").GetString());
            Assert.Equal(record.CacheKey, steps[record.Step].GetProperty("cache_key").GetString());
        }

        Assert.Equal("data.csv", root.GetProperty("inputs").GetProperty("raw").GetProperty("source").GetString());
    }

    [Fact]
    public async Task RunAsync_IndependentSteps_RunAtTheSameTime()
    {
        var markers = _project.Outside;
        string Side(string me, string other) => $$"""
            date +%s%N > "$MLMAX_OUTPUT_OUT/start"
            touch "{{markers}}/{{me}}.started"
            for i in $(seq 200); do [ -f "{{markers}}/{{other}}.started" ] && break; sleep 0.02; done
            date +%s%N > "$MLMAX_OUTPUT_OUT/end"
            """;
        var pipeline = new PipelineBuilder("parallel")
            .Step("left", Bash(Side("left", "right")), s => s.Outputs("out"))
            .Step("right", Bash(Side("right", "left")), s => s.Outputs("out"))
            .Build();

        var result = await _project.RunAsync(pipeline, options: new RunOptions(MaxParallel: 2));

        Assert.Equal(RunStatus.Succeeded, result.Run.Status);
        var times = new Dictionary<string, (long Start, long End)>();
        foreach (var step in result.Steps)
        {
            var dir = Path.Combine(_project.Outside, "t-" + step.Step);
            await _project.Artifacts.MaterializeAsync(step.Outputs["out"], dir, CancellationToken.None);
            times[step.Step] = (long.Parse(File.ReadAllText(Path.Combine(dir, "start"))), long.Parse(File.ReadAllText(Path.Combine(dir, "end"))));
        }

        Assert.True(times["left"].Start < times["right"].End && times["right"].Start < times["left"].End,
            $"intervals do not overlap: left {times["left"]}, right {times["right"]}");
    }

    [Fact]
    public async Task RunAsync_SecondIdenticalRun_AllCachedWithSameOutputs()
    {
        var first = await _project.RunAsync(Chain());
        var startsAfterFirst = _project.Observer.Started.Count;

        var second = await _project.RunAsync(Chain());

        Assert.Equal(RunStatus.Succeeded, second.Run.Status);
        Assert.NotEqual(first.Run.Id, second.Run.Id);
        Assert.All(second.Steps, s => Assert.Equal(RunStatus.Cached, s.Status));
        Assert.Equal(first.Steps.Select(s => s.Id), second.Steps.Select(s => s.ReusedFrom));
        Assert.Equal(first.Steps.Select(s => s.Outputs["out"]), second.Steps.Select(s => s.Outputs["out"]));
        Assert.Equal(first.Steps.Select(s => s.CacheKey), second.Steps.Select(s => s.CacheKey));
        Assert.Equal(Step(first, "a").Metrics, Step(second, "a").Metrics);
        Assert.Equal(startsAfterFirst, _project.Observer.Started.Count);
    }

    [Fact]
    public async Task RunAsync_NoCache_RunsEveryStepAgain()
    {
        await _project.RunAsync(Chain());

        var second = await _project.RunAsync(Chain(), options: new RunOptions(NoCache: true, MaxParallel: 2));

        Assert.All(second.Steps, s => Assert.Equal(RunStatus.Succeeded, s.Status));
        Assert.Equal("--no-cache", _project.Observer.ExplanationFor(second.Run.Id, "a"));
    }

    [Fact]
    public async Task RunAsync_ParameterChanged_RerunsOnlyStepsUsingItAndTheirDownstream()
    {
        var pipeline = new PipelineBuilder("params")
            .Parameter("x", ParameterType.Integer, 1L)
            .Parameter("y", ParameterType.Integer, 1L)
            .Step("a", Bash("""echo "x=$MLMAX_PARAM_X" > "$MLMAX_OUTPUT_OUT/v" """), s => s.Outputs("out").Parameter("x", "${params.x}"))
            .Step("b", Bash("""echo "y=$MLMAX_PARAM_Y" > "$MLMAX_OUTPUT_OUT/v" """), s => s.Outputs("out").Parameter("y", "${params.y}"))
            .Step("c", Bash("""cat "$MLMAX_INPUT_IN/v" > "$MLMAX_OUTPUT_OUT/v"; echo c >> "$MLMAX_OUTPUT_OUT/v" """), s => s.Input("in", "a.out").Outputs("out"))
            .Step("d", Bash("""cat "$MLMAX_INPUT_IN/v" > "$MLMAX_OUTPUT_OUT/v"; echo d >> "$MLMAX_OUTPUT_OUT/v" """), s => s.Input("in", "b.out").Outputs("out"))
            .Build();
        var first = await _project.RunAsync(pipeline);

        var second = await _project.RunAsync(pipeline, new Dictionary<string, string> { ["x"] = "2" });

        Assert.Equal(RunStatus.Succeeded, second.Run.Status);
        Assert.Equal(
            [("a", RunStatus.Succeeded), ("b", RunStatus.Cached), ("c", RunStatus.Succeeded), ("d", RunStatus.Cached)],
            second.Steps.Select(s => (s.Step, s.Status)));
        Assert.Contains("param x changed 1 -> 2", _project.Observer.ExplanationFor(second.Run.Id, "a"), StringComparison.Ordinal);
        Assert.Contains("input in changed", _project.Observer.ExplanationFor(second.Run.Id, "c"), StringComparison.Ordinal);
        Assert.Equal("x=2\nc", await _project.ReadSingleFileAsync(Step(second, "c").Outputs["out"]));
        Assert.Equal(Step(first, "d").Outputs, Step(second, "d").Outputs);
    }

    [Fact]
    public async Task RunAsync_CodeFileEdited_RerunsThatStepAndDownstreamOnly()
    {
        _project.Write("steps/a.sh", """echo "version 1" > "$MLMAX_OUTPUT_OUT/v" """ + "\n");
        _project.Write("steps/c.sh", """echo "c" > "$MLMAX_OUTPUT_OUT/v" """ + "\n");
        var pipeline = new PipelineBuilder("code")
            .Step("a", Bash(""". "$MLMAX_PROJECT_DIR/steps/a.sh" """), s => s.Outputs("out").Code("steps/a.sh"))
            .Step("b", Bash("""cat "$MLMAX_INPUT_IN/v" > "$MLMAX_OUTPUT_OUT/v" """), s => s.Input("in", "a.out").Outputs("out"))
            .Step("c", Bash(""". "$MLMAX_PROJECT_DIR/steps/c.sh" """), s => s.Outputs("out").Code("steps/c.sh"))
            .Build();
        var first = await _project.RunAsync(pipeline);
        _project.Write("steps/a.sh", """echo "version 2" > "$MLMAX_OUTPUT_OUT/v" """ + "\n");

        var second = await _project.RunAsync(pipeline);

        Assert.Equal(
            [("a", RunStatus.Succeeded), ("b", RunStatus.Succeeded), ("c", RunStatus.Cached)],
            second.Steps.Select(s => (s.Step, s.Status)));
        Assert.Contains("code steps/a.sh changed", _project.Observer.ExplanationFor(second.Run.Id, "a"), StringComparison.Ordinal);
        Assert.Equal("version 2", await _project.ReadSingleFileAsync(Step(second, "b").Outputs["out"]));
        Assert.NotEqual(Step(first, "a").CacheKey, Step(second, "a").CacheKey);
    }

    [Fact]
    public async Task RunAsync_CodeFileMissing_FailsStepNamingPattern()
    {
        var pipeline = new PipelineBuilder("code")
            .Step("a", Bash("""echo 1 > "$MLMAX_OUTPUT_OUT/v" """), s => s.Outputs("out").Code("steps/nothing.sh"))
            .Build();

        var result = await _project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Failed, result.Run.Status);
        Assert.Contains("steps/nothing.sh", Step(result, "a").Error, StringComparison.Ordinal);
        Assert.Empty(_project.Observer.Started);
    }
}
