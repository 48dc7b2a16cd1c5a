using Mlmax.Specs;

namespace Mlmax.Definitions.Tests;

public sealed class PipelineValidatorTests
{
    private readonly PipelineValidator validator = new();

    private static StepSpec Step(string name, params InputBinding[] inputs) =>
        new(name, new DotnetRunner("A.B"), inputs, [new OutputSpec("out")], []);

    private static InputBinding From(string name, string step) => new(name, new StepOutputReference(step, "out"));

    [Fact]
    public void Validate_ValidSpec_NoErrors()
    {
        var spec = new PipelineSpec("p", [], [], [Step("a"), Step("b", From("x", "a"))]);

        Assert.Empty(validator.Validate(spec));
    }

    [Fact]
    public void Validate_DuplicateNamesInSpec_ReportedPerCollection()
    {
        var step = new StepSpec("a", new DotnetRunner("A.B"), [], [new OutputSpec("o"), new OutputSpec("o")], [new ParameterBinding("k", 1L), new ParameterBinding("k", 2L)]);
        var spec = new PipelineSpec(
            "p",
            [new ParameterSpec("x", ParameterType.Integer), new ParameterSpec("x", ParameterType.Integer)],
            [new InputSpec("i", InputKind.File), new InputSpec("i", InputKind.File)],
            [step, step with { Outputs = [new OutputSpec("o")], Parameters = [] }]);

        var errors = validator.Validate(spec);

        Assert.Equal(
            ["parameters.x", "inputs.i", "steps.a.outputs.o", "steps.a.parameters.k", "steps.a"],
            errors.Select(e => e.Key));
        Assert.All(errors, e => Assert.StartsWith("duplicate", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_TwoCycles_EachReportedOnceWithPath()
    {
        var spec = new PipelineSpec("p", [], [], [
            Step("a", From("x", "b")),
            Step("b", From("x", "a")),
            Step("c", From("x", "d")),
            Step("d", From("x", "c"), From("y", "a")),
        ]);

        var messages = validator.Validate(spec).Select(e => (e.Key, e.Message)).ToList();

        Assert.Equal(2, messages.Count);
        Assert.Equal("steps.a.inputs.x", messages[0].Key);
        Assert.Contains("a -> b -> a", messages[0].Message, StringComparison.Ordinal);
        Assert.Equal("steps.c.inputs.x", messages[1].Key);
        Assert.Contains("c -> d -> c", messages[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InvalidLiteralsAndPolicies_Reported()
    {
        var step = new StepSpec("a", new CommandRunner([]), [], [], [new ParameterBinding("n", double.NaN), new ParameterBinding("d", DateTime.UnixEpoch)])
        {
            Retry = new RetryPolicy(0, TimeSpan.FromSeconds(-1)),
            Timeout = TimeSpan.Zero,
            InProcess = true,
        };
        var spec = new PipelineSpec("p", [new ParameterSpec("r", ParameterType.Number, double.PositiveInfinity)], [new InputSpec("f", InputKind.File, From: new ArtifactSource("q", "s", "o"))], [step]);

        var keys = validator.Validate(spec).Select(e => e.Key).ToList();

        Assert.Equal(
            ["parameters.r.default", "inputs.f.from", "steps.a.command", "steps.a.in_process", "steps.a.parameters.n", "steps.a.parameters.d", "steps.a.retries", "steps.a.retries", "steps.a.timeout"],
            keys);
    }

    [Fact]
    public void Validate_NoSteps_Reported()
    {
        var error = Assert.Single(validator.Validate(new PipelineSpec("p", [], [], [])));

        Assert.Equal("steps", error.Key);
        Assert.Equal(string.Empty, error.File);
        Assert.Equal(0, error.Line);
    }
}
