using Mlmax.Specs;

namespace Mlmax.Definitions.Tests;

public sealed class PipelineGraphTests
{
    private static PipelineSpec Diamond() =>
        new PipelineBuilder("p")
            .Step("report", new DotnetRunner("R"), s => s.Input("a", "left.o").Input("b", "right.o"))
            .Step("right", new DotnetRunner("Ri"), s => s.Input("i", "root.o").Outputs("o"))
            .Step("left", new DotnetRunner("L"), s => s.Input("i", "root.o").Outputs("o"))
            .Step("root", new DotnetRunner("Ro"), s => s.Outputs("o"))
            .Step("lonely", new DotnetRunner("Lo"))
            .Build();

    [Fact]
    public void Order_Diamond_DependenciesFirstThenDefinitionOrder()
    {
        var graph = new PipelineGraph(Diamond());

        Assert.Equal(["root", "right", "left", "report", "lonely"], graph.Order);
    }

    [Fact]
    public void Order_FullSample_FollowsData()
    {
        var graph = new PipelineGraph(new PipelineLoader().Parse(Samples.FullYaml, "a.yaml"));

        Assert.Equal(["preprocess", "train", "evaluate"], graph.Order);
        Assert.Equal(["preprocess", "train"], graph.DependenciesOf("evaluate"));
    }

    [Fact]
    public void Downstream_Root_AllTransitiveDependentsInOrder()
    {
        var graph = new PipelineGraph(Diamond());

        Assert.Equal(["right", "left", "report"], graph.Downstream("root"));
        Assert.Equal(["report"], graph.Downstream("left"));
        Assert.Empty(graph.Downstream("report"));
        Assert.Equal(["right", "left"], graph.DependentsOf("root"));
    }

    [Fact]
    public void Upstream_Report_AllTransitiveDependencies()
    {
        var graph = new PipelineGraph(Diamond());

        Assert.Equal(["root", "right", "left"], graph.Upstream("report"));
        Assert.Equal(["right", "left"], graph.DependenciesOf("report"));
        Assert.Empty(graph.Upstream("lonely"));
    }

    [Fact]
    public void Constructor_Cycle_ThrowsWithPath()
    {
        var spec = new PipelineSpec("p", [], [], [
            new StepSpec("a", new DotnetRunner("A"), [new InputBinding("x", new StepOutputReference("b", "o"))], [new OutputSpec("o")], []),
            new StepSpec("b", new DotnetRunner("B"), [new InputBinding("x", new StepOutputReference("a", "o"))], [new OutputSpec("o")], []),
        ]);

        var exception = Assert.Throws<DefinitionException>(() => new PipelineGraph(spec));

        Assert.Contains("a -> b -> a", exception.Message, StringComparison.Ordinal);
    }
}
