using Mlmax.Definitions;
using Mlmax.Execution;
using Mlmax.Metadata;
using Mlmax.Specs;
using static Mlmax.Core.Tests.Execution.TestProject;

namespace Mlmax.Core.Tests.Execution;

public sealed class RunResumeTests : IAsyncLifetime
{
    private TestProject _project = null!;

    public async Task InitializeAsync() => _project = await TestProject.CreateAsync();

    public async Task DisposeAsync() => await _project.DisposeAsync();

    private static PipelineSpec Pipeline() => new PipelineBuilder("resumable")
        .Parameter("n", ParameterType.Integer, 7L)
        .Step("a", Bash("""echo "a$MLMAX_PARAM_N" > "$MLMAX_OUTPUT_OUT/v" """), s => s.Outputs("out").Parameter("n", "${params.n}"))
        .Step("b", Bash(""". "$MLMAX_PROJECT_DIR/b.sh" """), s => s.Input("in", "a.out").Outputs("out").Code("b.sh"))
        .Step("c", Bash("""cat "$MLMAX_INPUT_IN/v" > "$MLMAX_OUTPUT_OUT/v"; echo c >> "$MLMAX_OUTPUT_OUT/v" """), s => s.Input("in", "b.out").Outputs("out"))
        .Build();

    private const string FixedB = """
        cat "$MLMAX_INPUT_IN/v" > "$MLMAX_OUTPUT_OUT/v"
        echo b >> "$MLMAX_OUTPUT_OUT/v"

        """;

    [Fact]
    public async Task PlanResume_AfterFixingFailedStep_CompletesKeepingFinishedStepsWithSameOutputs()
    {
        _project.Write("b.sh", "echo broken >&2; exit 3\n");
        var failed = await _project.RunAsync(Pipeline(), new Dictionary<string, string> { ["n"] = "5" });
        Assert.Equal(RunStatus.Failed, failed.Run.Status);
        var keptA = failed.Steps.Single(s => s.Step == "a");
        _project.Write("b.sh", FixedB);

        var run = await _project.Metadata.GetRunAsync(failed.Run.Id, CancellationToken.None);
        var plan = RunPlanner.PlanResume(run!, await _project.Metadata.GetStepRunsAsync(failed.Run.Id, CancellationToken.None));
        var resumed = await _project.RunPlanAsync(plan);

        Assert.Equal(failed.Run.Id, resumed.Run.Id);
        Assert.Equal(RunStatus.Succeeded, resumed.Run.Status);
        Assert.Null(resumed.Run.Error);
        Assert.Equal(5L, plan.Parameters["n"]);
        Assert.Equal(1, _project.Observer.StartsOf("a"));
        Assert.Contains("kept", _project.Observer.ExplanationFor(failed.Run.Id, "a"), StringComparison.Ordinal);
        var a = resumed.Steps.Single(s => s.Step == "a");
        Assert.Equal(keptA.StartedAt, a.StartedAt);
        Assert.Equal(keptA.Outputs, a.Outputs);
        Assert.All(resumed.Steps, s => Assert.Equal(RunStatus.Succeeded, s.Status));
        var recorded = await _project.Metadata.GetRunAsync(failed.Run.Id, CancellationToken.None);
        Assert.Equal(RunStatus.Succeeded, recorded!.Status);
        Assert.Single(await _project.Metadata.ListRunsAsync(null, 10, CancellationToken.None));

        var uninterrupted = await _project.RunAsync(Pipeline(), new Dictionary<string, string> { ["n"] = "5" }, new RunOptions(NoCache: true, MaxParallel: 2));
        Assert.Equal(RunStatus.Succeeded, uninterrupted.Run.Status);
        Assert.Equal(uninterrupted.Steps.Select(s => s.Outputs["out"]), resumed.Steps.Select(s => s.Outputs["out"]));
        Assert.Equal("a5\nb\nc", await _project.ReadSingleFileAsync(resumed.Steps.Single(s => s.Step == "c").Outputs["out"]));
    }

    [Fact]
    public async Task PlanResume_RecordedRun_RestoresDefinitionParametersAndInputs()
    {
        _project.Write("b.sh", "exit 3\n");
        _project.Write("data.csv", "x\n");
        var pipeline = new PipelineBuilder("typed")
            .Parameter("i", ParameterType.Integer, 1L)
            .Parameter("f", ParameterType.Number, 0.25)
            .Parameter("flag", ParameterType.Boolean, false)
            .Parameter("s", ParameterType.String, "hello")
            .Input("raw", InputKind.File, "data.csv")
            .Step("b", Bash(""". "$MLMAX_PROJECT_DIR/b.sh" """), s => s.Input("raw", "inputs.raw").Outputs("out").Code("b.sh"))
            .Build();
        var plan = await _project.PlanAsync(pipeline, new Dictionary<string, string> { ["i"] = "3", ["f"] = "1.5", ["flag"] = "true", ["s"] = "wörld" });
        var failed = await _project.RunPlanAsync(plan);

        var resumed = RunPlanner.PlanResume(failed.Run, failed.Steps);

        Assert.True(resumed.IsResume);
        Assert.Equal(plan.RunId, resumed.RunId);
        Assert.Equal(plan.DefinitionVersion, resumed.DefinitionVersion);
        Assert.Equal(CanonicalForm.ToJson(pipeline), CanonicalForm.ToJson(resumed.Pipeline));
        Assert.Equal(plan.Parameters.OrderBy(p => p.Key), resumed.Parameters.OrderBy(p => p.Key));
        Assert.Equal(plan.Inputs["raw"], resumed.Inputs["raw"]);
        Assert.Equal(RunStatus.Failed, resumed.Earlier["b"].Status);
    }
}
