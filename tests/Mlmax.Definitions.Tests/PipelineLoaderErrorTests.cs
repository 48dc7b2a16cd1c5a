namespace Mlmax.Definitions.Tests;

public sealed class PipelineLoaderErrorTests
{
    private const string Head = "name: p\nsteps:\n";

    [Theory]
    [InlineData("name: p\nsteps:\n  a: { dotnet: A.B\n  b: 1\n", 3)]
    [InlineData("name: p\n  bad: indent\nsteps: {}\n", 2)]
    [InlineData("name: p\nsteps:\n  a:\n    dotnet: 'A.B\n", 4)]
    [InlineData("name: p\nsteps: *nowhere\n", 2)]
    public void Parse_InvalidYamlSyntax_ReportsYamlErrorWithLine(string yaml, int line)
    {
        var error = Samples.SingleError(yaml);

        Assert.Equal("p.yaml", error.File);
        Assert.Equal(line, error.Line);
        Assert.StartsWith("invalid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownStepKey_ListsValidKeysAndSuggests()
    {
        var error = Samples.SingleError(Head + "  a:\n    dotnet: A.B\n    timout: 10m\n");

        Assert.Equal(("steps.a.timout", 5, 5), (error.Key, error.Line, error.Column));
        Assert.Contains("unknown key 'timout'", error.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'timeout'?", error.Message, StringComparison.Ordinal);
        Assert.Contains("valid keys: dotnet, python, command, predict, args", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownRootKey_ReportedAtKey()
    {
        var error = Samples.SingleError("name: p\nparamters: {}\nsteps:\n  a: { dotnet: A.B }\n");

        Assert.Equal(("paramters", 2, 1), (error.Key, error.Line, error.Column));
        Assert.Contains("did you mean 'parameters'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TimeoutNotADuration_ReportedAtValue()
    {
        var error = Samples.SingleError(Head + "  a:\n    dotnet: A.B\n    timeout: abc\n");

        Assert.Equal(("steps.a.timeout", 5, 14), (error.Key, error.Line, error.Column));
        Assert.Contains("expected a duration like 500ms, 30s, 10m or 2h, got 'abc'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NegativeRetries_ReportsMinimum()
    {
        var error = Samples.SingleError(Head + "  a:\n    dotnet: A.B\n    retries: -1\n");

        Assert.Equal(("steps.a.retries", 5), (error.Key, error.Line));
        Assert.Contains("at least 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CacheNotBoolean_ReportsExpectedValues()
    {
        var error = Samples.SingleError(Head + "  a:\n    dotnet: A.B\n    cache: yes please\n");

        Assert.Equal(("steps.a.cache", 5), (error.Key, error.Line));
        Assert.Contains("expected true or false", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("integer", "abc")]
    [InlineData("integer", "'42'")]
    [InlineData("integer", "4.5")]
    [InlineData("boolean", "1")]
    [InlineData("string", "42")]
    public void Parse_DefaultOfWrongType_ReportedAtDefault(string type, string value)
    {
        var error = Samples.SingleError($"name: p\nparameters:\n  x:\n    type: {type}\n    default: {value}\nsteps:\n  a: {{ dotnet: A.B }}\n");

        Assert.Equal(("parameters.x.default", 5, 14), (error.Key, error.Line, error.Column));
        Assert.Contains($"does not match type {type}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownParameterType_ListsValidTypes()
    {
        var error = Samples.SingleError("name: p\nparameters:\n  x: { type: int, default: 1 }\nsteps:\n  a: { dotnet: A.B }\n");

        Assert.Equal(("parameters.x.type", 3), (error.Key, error.Line));
        Assert.Contains("valid types: string, integer, number, boolean", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingName_ReportedAtDocumentStart()
    {
        var error = Samples.SingleError("steps:\n  a: { dotnet: A.B }\n");

        Assert.Equal(("name", 1, 1), (error.Key, error.Line, error.Column));
        Assert.Contains("missing required key 'name'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ParameterWithoutType_ReportsMissingType()
    {
        var error = Samples.SingleError("name: p\nparameters:\n  x:\n    default: 1\nsteps:\n  a: { dotnet: A.B }\n");

        Assert.Equal(("parameters.x.type", 3), (error.Key, error.Line));
        Assert.Contains("missing required key 'type' (string, integer, number, boolean, model)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateStepKey_ReportedAtSecondOccurrence()
    {
        var error = Samples.SingleError(Head + "  a:\n    dotnet: A.B\n  a:\n    dotnet: C.D\n");

        Assert.Equal(("steps.a", 5, 3), (error.Key, error.Line, error.Column));
        Assert.Contains("duplicate key 'a' (first defined at line 3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateOutputInList_ReportedAtDuplicate()
    {
        var error = Samples.SingleError(Head + "  a:\n    dotnet: A.B\n    outputs:\n      - x\n      - y\n      - x\n");

        Assert.Equal(("steps.a.outputs.x", 8, 9), (error.Key, error.Line, error.Column));
        Assert.Contains("duplicate output 'x'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StepWithoutRunner_ReportedAtStep()
    {
        var error = Samples.SingleError(Head + "  a:\n    outputs: [x]\n");

        Assert.Equal(("steps.a", 3, 3), (error.Key, error.Line, error.Column));
        Assert.Contains("exactly one of dotnet", error.Message, StringComparison.Ordinal);
        Assert.Contains("found none", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StepWithTwoRunners_ReportedAtSecondRunner()
    {
        var error = Samples.SingleError(Head + "  a:\n    python: a.py\n    dotnet: A.B\n");

        Assert.Equal(("steps.a", 5), (error.Key, error.Line));
        Assert.Contains("found python and dotnet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ArgsOnDotnetStep_Rejected()
    {
        var error = Samples.SingleError(Head + "  a:\n    dotnet: A.B\n    args: [--x]\n");

        Assert.Equal(("steps.a.args", 5), (error.Key, error.Line));
        Assert.Contains("only for python and command steps", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UndeclaredPipelineInput_ListsDeclaredInputs()
    {
        var error = Samples.SingleError("name: p\ninputs:\n  raw: { type: file }\nsteps:\n  a:\n    dotnet: A.B\n    inputs:\n      x: inputs.rwa\n");

        Assert.Equal(("steps.a.inputs.x", 8, 10), (error.Key, error.Line, error.Column));
        Assert.Equal("unknown pipeline input 'rwa' in 'inputs.rwa' did you mean 'raw'? (inputs: raw)", error.Message);
    }

    [Fact]
    public void Parse_UnknownStepInReference_ListsSteps()
    {
        var yaml = Head +
            "  preprocess: { dotnet: A.P, outputs: [train] }\n" +
            "  train: { dotnet: A.T, outputs: [model] }\n" +
            "  evaluate:\n" +
            "    dotnet: A.E\n" +
            "    inputs: { model: trian.model }\n";

        var error = Samples.SingleError(yaml);

        Assert.Equal(("steps.evaluate.inputs.model", 7), (error.Key, error.Line));
        Assert.Equal("unknown step 'trian' in 'trian.model' did you mean 'train'? (steps: preprocess, train, evaluate)", error.Message);
    }

    [Fact]
    public void Parse_UnknownOutputInReference_ListsOutputs()
    {
        var error = Samples.SingleError(Head + "  a: { dotnet: A.A, outputs: [model, metrics] }\n  b:\n    dotnet: A.B\n    inputs:\n      m: a.modl\n");

        Assert.Equal(("steps.b.inputs.m", 7), (error.Key, error.Line));
        Assert.Contains("step 'a' has no output 'modl' did you mean 'model'? (outputs: model, metrics)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MalformedReference_ExplainsBothForms()
    {
        var error = Samples.SingleError(Head + "  a:\n    dotnet: A.B\n    inputs:\n      m: model\n");

        Assert.Equal(("steps.a.inputs.m", 6), (error.Key, error.Line));
        Assert.Contains("expected inputs.NAME (a pipeline input) or STEP.OUTPUT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnboundStepInput_Rejected()
    {
        var error = Samples.SingleError(Head + "  a:\n    dotnet: A.B\n    inputs:\n      m:\n");

        Assert.Equal("steps.a.inputs.m", error.Key);
        Assert.Contains("input 'm' is not bound", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SelfReference_Rejected()
    {
        var error = Samples.SingleError(Head + "  a:\n    dotnet: A.B\n    outputs: [x]\n    inputs: { y: a.x }\n");

        Assert.Equal(("steps.a.inputs.y", 6), (error.Key, error.Line));
        Assert.Contains("cannot take its own output", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Cycle_ReportsCyclePath()
    {
        var yaml = Head +
            "  a:\n    dotnet: A.A\n    outputs: [x]\n    inputs: { fromc: c.z }\n" +
            "  b:\n    dotnet: A.B\n    outputs: [y]\n    inputs: { froma: a.x }\n" +
            "  c:\n    dotnet: A.C\n    outputs: [z]\n    inputs: { fromb: b.y }\n";

        var error = Samples.SingleError(yaml);

        Assert.Equal(("steps.a.inputs.fromc", 6), (error.Key, error.Line));
        Assert.Contains("steps form a cycle: a -> b -> c -> a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UndeclaredPipelineParameter_ListsParameters()
    {
        var error = Samples.SingleError("name: p\nparameters:\n  seed: { type: integer }\nsteps:\n  a:\n    dotnet: A.B\n    parameters:\n      s: ${params.sed}\n");

        Assert.Equal(("steps.a.parameters.s", 8, 10), (error.Key, error.Line, error.Column));
        Assert.Contains("unknown pipeline parameter 'sed'", error.Message, StringComparison.Ordinal);
        Assert.Contains("(parameters: seed)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PartialParameterReference_Rejected()
    {
        var error = Samples.SingleError("name: p\nparameters:\n  seed: { type: integer }\nsteps:\n  a:\n    dotnet: A.B\n    parameters:\n      s: run-${params.seed}\n");

        Assert.Equal("steps.a.parameters.s", error.Key);
        Assert.Contains("a reference is the whole value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ArtifactInputWithoutFrom_Rejected()
    {
        var error = Samples.SingleError("name: p\ninputs:\n  model:\n    type: artifact\nsteps:\n  a: { dotnet: A.B }\n");

        Assert.Equal(("inputs.model", 3), (error.Key, error.Line));
        Assert.Contains("needs 'from: PIPELINE/STEP.OUTPUT'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("training.train.model")]
    [InlineData("training/train")]
    [InlineData("/train.model")]
    public void Parse_BadFromFormat_ShowsExpectedForm(string from)
    {
        var error = Samples.SingleError($"name: p\ninputs:\n  model:\n    type: artifact\n    from: {from}\nsteps:\n  a: {{ dotnet: A.B }}\n");

        Assert.Equal(("inputs.model.from", 5, 11), (error.Key, error.Line, error.Column));
        Assert.Contains("expected PIPELINE/STEP.OUTPUT", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Train", "steps.Train", "invalid step name 'Train'")]
    [InlineData("2nd", "steps.2nd", "invalid step name '2nd'")]
    [InlineData("inputs", "steps.inputs", "'inputs' is reserved")]
    [InlineData("params", "steps.params", "'params' is reserved")]
    public void Parse_BadStepName_Rejected(string name, string key, string message)
    {
        var error = Samples.SingleError($"name: p\nsteps:\n  {name}:\n    dotnet: A.B\n");

        Assert.Equal((key, 3, 3), (error.Key, error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadOutputName_ReportedAtItem()
    {
        var error = Samples.SingleError(Head + "  a:\n    dotnet: A.B\n    outputs: [ok, Bad-Name]\n");

        Assert.Equal(("steps.a.outputs.Bad-Name", 5, 19), (error.Key, error.Line, error.Column));
        Assert.Contains("^[a-z][a-z0-9_]*$", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InProcessOnPythonStep_Rejected()
    {
        var error = Samples.SingleError(Head + "  a:\n    python: a.py\n    in_process: true\n");

        Assert.Equal(("steps.a.in_process", 5), (error.Key, error.Line));
    }

    [Fact]
    public void Parse_SeveralErrors_AllReportedInLineOrder()
    {
        var yaml =
            "name: Bad\n" +
            "parameters:\n" +
            "  seed: { type: integer, default: x }\n" +
            "steps:\n" +
            "  a:\n" +
            "    dotnet: A.B\n" +
            "    timeout: soon\n" +
            "    inputs: { m: nowhere.x }\n" +
            "    colour: red\n";

        var exception = Assert.Throws<DefinitionException>(() => new PipelineLoader().Parse(yaml, "p.yaml"));

        Assert.Equal(
            ["name", "parameters.seed.default", "steps.a.timeout", "steps.a.inputs.m", "steps.a.colour"],
            exception.Errors.Select(e => e.Key));
        Assert.Equal([1, 3, 7, 8, 9], exception.Errors.Select(e => e.Line));
        Assert.Contains("p.yaml:7:14: steps.a.timeout: expected a duration", exception.Message, StringComparison.Ordinal);
        Assert.Contains("5 errors", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EmptyDocument_Rejected()
    {
        var error = Samples.SingleError("# nothing here\n");

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DocumentNotAMapping_Rejected()
    {
        var error = Samples.SingleError("- a\n- b\n");

        Assert.Equal(1, error.Line);
        Assert.Contains("expected a mapping", error.Message, StringComparison.Ordinal);
    }
}
