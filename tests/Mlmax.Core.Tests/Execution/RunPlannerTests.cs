using Mlmax.Definitions;
using Mlmax.Execution;
using Mlmax.Specs;
using static Mlmax.Core.Tests.Execution.TestProject;

namespace Mlmax.Core.Tests.Execution;

public sealed class RunPlannerTests : IAsyncLifetime
{
    private TestProject _project = null!;

    public async Task InitializeAsync()
    {
        _project = await TestProject.CreateAsync();
        _project.Write("data.csv", "1\n");
        _project.Write("other.csv", "2\n");
        _project.Write("dir/f.txt", "3\n");
    }

    public async Task DisposeAsync() => await _project.DisposeAsync();

    private static PipelineSpec Pipeline() => new PipelineBuilder("planned")
        .Parameter("epochs", ParameterType.Integer, 1L)
        .Parameter("rate", ParameterType.Number, 0.1)
        .Parameter("flag", ParameterType.Boolean, false)
        .Input("raw", InputKind.File, "data.csv")
        .Input("extra", InputKind.File)
        .Input("folder", InputKind.Directory, "dir")
        .Step("a", Bash("true"), s => s.Input("raw", "inputs.raw").Input("extra", "inputs.extra").Input("folder", "inputs.folder").Outputs("out")
            .Parameter("epochs", "${params.epochs}"))
        .Build();

    private async Task<string> SingleProblemAsync(IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, string> inputs)
    {
        var e = await Assert.ThrowsAsync<RunRequestException>(() => _project.PlanAsync(Pipeline(), parameters, inputs));
        Assert.Empty(await _project.Metadata.ListRunsAsync(null, 10, CancellationToken.None));
        return Assert.Single(e.Problems);
    }

    private static Dictionary<string, string> Extra() => new() { ["extra"] = "other.csv" };

    [Fact]
    public async Task PlanAsync_ValidRequest_BindsTypedParametersAndInputs()
    {
        var plan = await _project.PlanAsync(Pipeline(), new Dictionary<string, string> { ["epochs"] = "5", ["rate"] = "2.5e-1", ["flag"] = "true" }, Extra());

        Assert.Equal(5L, plan.Parameters["epochs"]);
        Assert.Equal(0.25, plan.Parameters["rate"]);
        Assert.Equal(true, plan.Parameters["flag"]);
        Assert.Equal("data.csv", plan.Inputs["raw"].Source);
        Assert.Equal("other.csv", plan.Inputs["extra"].Source);
        Assert.Equal("dir", plan.Inputs["folder"].Source);
        Assert.True(await _project.Artifacts.ExistsAsync(plan.Inputs["raw"].ArtifactId, CancellationToken.None));
        Assert.Equal("data.csv", Assert.Single((await _project.Artifacts.ReadTreeAsync(plan.Inputs["raw"].ArtifactId, CancellationToken.None)).Files).Path);
        Assert.False(plan.IsResume);
    }

    [Fact]
    public async Task PlanAsync_UnknownParameter_ProblemNamesIt()
    {
        var problem = await SingleProblemAsync(new Dictionary<string, string> { ["epohcs"] = "3" }, Extra());

        Assert.Contains("unknown parameter 'epohcs'", problem, StringComparison.Ordinal);
        Assert.Contains("epochs", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("epochs", "three", "an integer")]
    [InlineData("epochs", "1.5", "an integer")]
    [InlineData("rate", "fast", "a number")]
    [InlineData("rate", "NaN", "a number")]
    [InlineData("flag", "yes", "true or false")]
    public async Task PlanAsync_BadlyTypedParameter_ProblemNamesParameterTypeAndValue(string name, string value, string expected)
    {
        var problem = await SingleProblemAsync(new Dictionary<string, string> { [name] = value }, Extra());

        Assert.Contains($"'{name}'", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_InputFileMissing_ProblemNamesInputAndPath()
    {
        var problem = await SingleProblemAsync(new Dictionary<string, string>(), new Dictionary<string, string> { ["extra"] = "missing.csv" });

        Assert.Contains("input 'extra'", problem, StringComparison.Ordinal);
        Assert.Contains("missing.csv", problem, StringComparison.Ordinal);
        Assert.Contains("does not exist", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_DirectoryGivenForFileInput_ProblemSaysItIsADirectory()
    {
        var problem = await SingleProblemAsync(new Dictionary<string, string>(), new Dictionary<string, string> { ["extra"] = "dir" });

        Assert.Contains("input 'extra'", problem, StringComparison.Ordinal);
        Assert.Contains("directory", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_InputWithoutDefaultUnbound_ProblemNamesInput()
    {
        var problem = await SingleProblemAsync(new Dictionary<string, string>(), new Dictionary<string, string>());

        Assert.Contains("input 'extra' is not bound", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_UnknownInput_ProblemNamesIt()
    {
        var problem = await SingleProblemAsync(new Dictionary<string, string>(), new Dictionary<string, string> { ["extra"] = "other.csv", ["ghost"] = "data.csv" });

        Assert.Contains("unknown input 'ghost'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_SeveralProblems_ReportsAllAtOnce()
    {
        var e = await Assert.ThrowsAsync<RunRequestException>(() => _project.PlanAsync(
            Pipeline(), new Dictionary<string, string> { ["nope"] = "1", ["epochs"] = "x" }, new Dictionary<string, string> { ["raw"] = "gone.csv" }));

        Assert.Equal(4, e.Problems.Count);
        Assert.Contains(e.Problems, p => p.Contains("'nope'", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("'epochs'", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("input 'raw'", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("input 'extra'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlanAsync_RequiredParameterNotGiven_ProblemNamesIt()
    {
        var pipeline = new PipelineBuilder("required").Parameter("seed", ParameterType.Integer).Step("a", Bash("true"), s => s.Outputs("o")).Build();

        var e = await Assert.ThrowsAsync<RunRequestException>(() => _project.PlanAsync(pipeline));

        Assert.Contains("parameter 'seed' has no default", Assert.Single(e.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_S3BindingWithoutRemoteInputs_ProblemNamesInputAndUrlNotALocalPath()
    {
        var problem = await SingleProblemAsync(new Dictionary<string, string>(), new Dictionary<string, string> { ["extra"] = "s3://bucket/drops/a.csv" });

        Assert.StartsWith("input 'extra': s3://bucket/drops/a.csv is in S3, and this process has no S3 reader configured", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(_project.Root, problem, StringComparison.Ordinal);
    }
}
