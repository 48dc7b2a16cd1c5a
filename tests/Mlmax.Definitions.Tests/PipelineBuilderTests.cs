using Mlmax.Specs;

namespace Mlmax.Definitions.Tests;

public sealed class PipelineBuilderTests
{
    [Fact]
    public void Build_SamePipelineAsYaml_SameCanonicalJsonAndVersion()
    {
        var fromYaml = new PipelineLoader().Parse(Samples.FullYaml, "training.yaml");
        var fromCode = Samples.FullBuilder().Build();

        Assert.Equal(CanonicalForm.ToJson(fromYaml), CanonicalForm.ToJson(fromCode));
        Assert.Equal(CanonicalForm.Version(fromYaml), CanonicalForm.Version(fromCode));
    }

    [Fact]
    public void Step_OnExistingBuilder_LeavesOriginalUnchanged()
    {
        var original = new PipelineBuilder("p").Step("a", new DotnetRunner("A.A"), s => s.Outputs("x"));

        var extended = original.Step("b", new DotnetRunner("A.B"), s => s.Input("x", "a.x"));

        Assert.Single(original.Build().Steps);
        Assert.Equal(["a", "b"], extended.Build().Steps.Select(s => s.Name));
    }

    [Fact]
    public void Build_InvalidPipeline_ThrowsWithAllErrorsByKey()
    {
        var builder = new PipelineBuilder("p")
            .Parameter("seed", ParameterType.Integer, "forty-two")
            .Step("a", new DotnetRunner("A.A"), s => s.Input("x", "nonsense").Parameter("p", "${params.missing}"))
            .Step("b", new PythonRunner("b.py", []), s => s.Input("x", "a.nothing"));

        var errors = Assert.Throws<DefinitionException>(builder.Build).Errors;

        Assert.Equal(
            ["steps.a.inputs.x", "parameters.seed.default", "steps.a.parameters.p", "steps.b.inputs.x"],
            errors.Select(e => e.Key));
        Assert.All(errors, e => Assert.Equal(0, e.Line));
    }

    [Fact]
    public void Parameter_IntAndFloatValues_WidenedLikeYaml()
    {
        var spec = new PipelineBuilder("p")
            .Parameter("n", ParameterType.Integer, 3)
            .Parameter("r", ParameterType.Number, 1)
            .Step("a", new DotnetRunner("A.A"), s => s.Parameter("k", 7))
            .Build();

        Assert.Equal(3L, spec.Parameters[0].Default);
        Assert.Equal(1.0, spec.Parameters[1].Default);
        Assert.Equal(7L, spec.Steps[0].Parameters[0].Value);
    }
}
