using System.Text.Json;
using Mlmax.Core.Tests.Execution;
using Mlmax.Definitions;
using Mlmax.Execution;
using Mlmax.Identity;
using Mlmax.Lineage;
using Mlmax.Metadata;
using Mlmax.Specs;
using static Mlmax.Core.Tests.Execution.TestProject;

namespace Mlmax.Core.Tests.Lineage;

public sealed class LineageQueryTests : IAsyncLifetime
{
    private TestProject _project = null!;
    private RunResult _run = null!;
    private RunPlan _plan = null!;

    public async Task InitializeAsync()
    {
        _project = await TestProject.CreateAsync();
        _project.Write("data/raw.csv", "1\n2\n");
        _project.Write("steps/prep.sh", """sort -r "$MLMAX_INPUT_RAW/raw.csv" > "$MLMAX_OUTPUT_CLEAN/clean.csv" """ + "\n");
        _project.Write("steps/train.sh", """{ cat "$MLMAX_INPUT_TRAIN/clean.csv"; echo "lr=$MLMAX_PARAM_LR"; } > "$SM_MODEL_DIR/model.txt" """ + "\n");
        var pipeline = new PipelineBuilder("lineage")
            .Parameter("lr", ParameterType.Number, 0.5)
            .Input("raw", InputKind.File, "data/raw.csv")
            .Step("prep", Bash(""". "$MLMAX_PROJECT_DIR/steps/prep.sh" """), s => s.Input("raw", "inputs.raw").Outputs("clean").Code("steps/prep.sh"))
            .Step("train", Bash(""". "$MLMAX_PROJECT_DIR/steps/train.sh" """),
                s => s.Input("train", "prep.clean").Outputs("model").Code("steps/train.sh").Parameter("lr", "${params.lr}").Parameter("label", "y"))
            .Step("report", Bash("""wc -c < "$MLMAX_INPUT_MODEL/model.txt" > "$MLMAX_OUTPUT_REPORT/size" """), s => s.Input("model", "train.model").Outputs("report"))
            .Build();
        _plan = await _project.PlanAsync(pipeline);
        _run = await _project.RunPlanAsync(_plan);
        Assert.Equal(RunStatus.Succeeded, _run.Run.Status);
    }

    public async Task DisposeAsync() => await _project.DisposeAsync();

    private StepRunRecord Step(string name) => _run.Steps.Single(s => s.Step == name);

    [Fact]
    public async Task UpstreamAsync_FinalOutput_NamesProducingStepsCodeParametersAndExternalSource()
    {
        var report = await new LineageQuery(_project.Metadata).UpstreamAsync(Step("report").Outputs["report"], CancellationToken.None);

        var reportStep = report.ProducedBy!;
        Assert.Equal(("report", "report", _run.Run.Id, "lineage"), (reportStep.Step, reportStep.Output, reportStep.Run, reportStep.Pipeline));
        Assert.Equal(_run.Run.DefinitionVersion, reportStep.DefinitionVersion);

        var model = reportStep.Inputs["model"];
        Assert.Equal(Step("train").Outputs["model"], model.Artifact);
        var train = model.ProducedBy!;
        Assert.Equal(("train", "model"), (train.Step, train.Output));
        Assert.Equal(Hashing.Sha256File(Path.Combine(_project.Root, "steps", "train.sh")), train.Code["steps/train.sh"]);
        Assert.Equal(0.5, train.Parameters["lr"].GetDouble());
        Assert.Equal("y", train.Parameters["label"].GetString());
        Assert.Contains("train.sh", train.Runner, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Object, train.RunEnvironment.ValueKind);

        var prep = train.Inputs["train"].ProducedBy!;
        Assert.Equal("prep", prep.Step);
        Assert.Equal(Hashing.Sha256File(Path.Combine(_project.Root, "steps", "prep.sh")), prep.Code["steps/prep.sh"]);
        Assert.Empty(prep.Parameters);

        var raw = prep.Inputs["raw"];
        Assert.Null(raw.ProducedBy);
        Assert.Equal("data/raw.csv", raw.Source);
        Assert.Equal(_plan.Inputs["raw"].ArtifactId, raw.Artifact);
    }

    [Fact]
    public async Task UpstreamAsync_OutputOfCachedRerun_StillNamesOriginalProducer()
    {
        var again = await _project.RunAsync(_plan.Pipeline);
        Assert.All(again.Steps, s => Assert.Equal(RunStatus.Cached, s.Status));

        var upstream = await new LineageQuery(_project.Metadata).UpstreamAsync(again.Steps.Single(s => s.Step == "train").Outputs["model"], CancellationToken.None);

        Assert.Equal((_run.Run.Id, "train"), (upstream.ProducedBy!.Run, upstream.ProducedBy.Step));
    }

    [Fact]
    public async Task DownstreamAsync_InputArtifact_ReachesLastStep()
    {
        var down = await new LineageQuery(_project.Metadata).DownstreamAsync(_plan.Inputs["raw"].ArtifactId, CancellationToken.None);

        var prep = Assert.Single(down.ConsumedBy);
        Assert.Equal(("prep", "raw", _run.Run.Id), (prep.Step, prep.Input, prep.Run));
        var train = Assert.Single(prep.Outputs["clean"].ConsumedBy);
        Assert.Equal(("train", "train"), (train.Step, train.Input));
        var report = Assert.Single(train.Outputs["model"].ConsumedBy);
        Assert.Equal("report", report.Step);
        Assert.Equal(Step("report").Outputs["report"], report.Outputs["report"].Artifact);
        Assert.Empty(report.Outputs["report"].ConsumedBy);
    }

    [Fact]
    public async Task UpstreamAsync_UnknownArtifact_HasNoProducerOrSource()
    {
        var unknown = "sha256:" + new string('0', 64);

        var up = await new LineageQuery(_project.Metadata).UpstreamAsync(unknown, CancellationToken.None);

        Assert.Equal(new UpstreamArtifact(unknown, null, null), up);
    }
}
