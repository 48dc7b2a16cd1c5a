using Mlmax.Specs;

namespace Mlmax.Definitions.Tests;

public sealed class ModelSectionErrorTests
{
    // Lines 1-5; the model section starts on line 6, its body on line 7.
    private const string Head =
        "name: p\n" +
        "steps:\n" +
        "  prep: { dotnet: A.Prep, outputs: [transform, train] }\n" +
        "  train: { dotnet: A.Train, inputs: { data: prep.train }, outputs: [model] }\n" +
        "  evaluate: { dotnet: A.Eval, inputs: { model: train.model }, outputs: [report] }\n" +
        "model:\n";

    private const string Bundle = "  bundle:\n    transform: prep.transform\n    model: train.model\n";

    /// <summary>A pipeline whose model section is <c>name: census</c>, the bundle, then <paramref name="lines"/> (from line 11).</summary>
    private static string WithModel(string lines) => Head + "  name: census\n" + Bundle + lines;

    [Fact]
    public void Parse_ValidModelSection_NoErrors()
    {
        Assert.NotNull(new PipelineLoader().Parse(WithModel("  metrics: evaluate\n  gates: [{ metric: auc, min: 0.6 }]\n"), "p.yaml").Model);
    }

    [Fact]
    public void Parse_UnknownModelKey_Suggests()
    {
        var error = Samples.SingleError(WithModel("  regster: false\n"));

        Assert.Equal(("model.regster", 11, 3), (error.Key, error.Line, error.Column));
        Assert.Contains("unknown key 'regster' did you mean 'register'? (valid keys: name, register, metrics, bundle, gates)", error.Message, StringComparison.Ordinal);
        Assert.Equal("p.yaml:11:3: model.regster: " + error.Message, error.ToString());
    }

    [Fact]
    public void Parse_UnknownGateKey_Suggests()
    {
        var error = Samples.SingleError(WithModel("  gates:\n    - { metric: auc, min: 0.6, alais: production }\n"));

        Assert.Equal(("model.gates[0].alais", 12, 32), (error.Key, error.Line, error.Column));
        Assert.Contains("did you mean 'alias'?", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  register: maybe\n", "model.register", 13, "expected true or false, got 'maybe'")]
    [InlineData("  metrics: [evaluate]\n", "model.metrics", 12, "expected the name of the step whose metrics are recorded, got a list")]
    [InlineData("  gates: { metric: auc }\n", "model.gates", 10, "expected a list of gates")]
    [InlineData("  gates: [auc]\n", "model.gates[0]", 11, "expected a gate mapping { metric, min, max, max_drop, max_rise, alias }, got 'auc'")]
    [InlineData("  gates: [{ metric: auc, min: high }]\n", "model.gates[0].min", 31, "expected a number, got 'high'")]
    [InlineData("  gates: [{ metric: auc, min: '0.6' }]\n", "model.gates[0].min", 31, "expected a number, got '0.6'")]
    [InlineData("  gates: [{ metric: [auc], min: 0.6 }]\n", "model.gates[0].metric", 21, "expected the metric's name, e.g. auc, got a list")]
    public void Parse_WrongType_ReportedAtValue(string line, string key, int column, string message)
    {
        var error = Samples.SingleError(WithModel(line));

        Assert.Equal((key, 11, column), (error.Key, error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ModelNotAMapping_ReportedAtValue()
    {
        var error = Samples.SingleError(Head.Replace("model:\n", "model: census\n", StringComparison.Ordinal));

        Assert.Equal(("model", 6, 8), (error.Key, error.Line, error.Column));
        Assert.Contains("expected a mapping { name, register, metrics, bundle, gates }, got 'census'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingName_ReportedAtModel()
    {
        var error = Samples.SingleError(Head + Bundle);

        Assert.Equal(("model.name", 6, 1), (error.Key, error.Line, error.Column));
        Assert.Contains("missing required key 'name'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingBundle_ReportedOnce()
    {
        var error = Samples.SingleError(Head + "  name: census\n");

        Assert.Equal(("model.bundle", 6), (error.Key, error.Line));
        Assert.Contains("missing required key 'bundle'", error.Message, StringComparison.Ordinal);
        Assert.Contains("role model is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BundleNotAMapping_ReportedOnce()
    {
        var error = Samples.SingleError(Head + "  name: census\n  bundle: [prep.transform, train.model]\n");

        Assert.Equal(("model.bundle", 8, 11), (error.Key, error.Line, error.Column));
        Assert.Contains("expected a mapping of roles to STEP.OUTPUT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingRequiredRole_ReportedAtBundle()
    {
        var error = Samples.SingleError(Head + "  name: census\n  bundle:\n    transform: prep.transform\n    schema: prep.train\n");

        Assert.Equal(("model.bundle.model", 8, 3), (error.Key, error.Line, error.Column));
        Assert.Equal("the bundle needs role 'model' (required: model), bound to STEP.OUTPUT", error.Message);
    }

    [Theory]
    [InlineData("train", "expected STEP.OUTPUT, e.g. train.model")]
    [InlineData("a.b.c", "invalid reference 'a.b.c'")]
    [InlineData("inputs.raw", "bundle role 'model' takes a step's output (STEP.OUTPUT), not a pipeline input ('inputs.raw')")]
    [InlineData("~", "bundle role 'model' is not bound")]
    [InlineData("trian.model", "unknown step 'trian' in 'trian.model' did you mean 'train'? (steps: prep, train, evaluate)")]
    [InlineData("train.modle", "step 'train' has no output 'modle' did you mean 'model'? (outputs: model)")]
    public void Parse_BadBundleReference_ReportedAtRoleOnce(string reference, string message)
    {
        var error = Samples.SingleError(Head + $"  name: census\n  bundle:\n    transform: prep.transform\n    model: {reference}\n");

        Assert.Equal(("model.bundle.model", 10, 12), (error.Key, error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidRoleName_Rejected()
    {
        var error = Samples.SingleError(WithModel("").Replace("    model: train.model\n", "    model: train.model\n    Schema: prep.train\n", StringComparison.Ordinal));

        Assert.Equal(("model.bundle.Schema", 11, 13), (error.Key, error.Line, error.Column));
        Assert.Contains("invalid bundle role name 'Schema'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownMetricsStep_Suggests()
    {
        var error = Samples.SingleError(WithModel("  metrics: evaluat\n"));

        Assert.Equal(("model.metrics", 11, 12), (error.Key, error.Line, error.Column));
        Assert.Equal("unknown step 'evaluat' did you mean 'evaluate'? (steps: prep, train, evaluate)", error.Message);
    }

    [Theory]
    [InlineData("Census")]
    [InlineData("census model")]
    [InlineData("1census")]
    public void Parse_InvalidModelName_ShowsRule(string name)
    {
        var error = Samples.SingleError(Head + $"  name: {name}\n" + Bundle);

        Assert.Equal(("model.name", 7, 9), (error.Key, error.Line, error.Column));
        Assert.Contains("^[a-z][a-z0-9_-]*$", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HyphenatedModelName_Accepted()
    {
        Assert.Equal("census-python", new PipelineLoader().Parse(Head + "  name: census-python\n" + Bundle, "p.yaml").Model!.Name);
    }

    [Fact]
    public void Parse_GateWithoutBound_ReportedAtGate()
    {
        var error = Samples.SingleError(WithModel("  gates:\n    - { metric: auc, min: 0.6 }\n    - { metric: f1, alias: production }\n"));

        Assert.Equal(("model.gates[1]", 13, 7), (error.Key, error.Line, error.Column));
        Assert.Equal("gate on 'f1' has no bound: give at least one of min, max, max_drop or max_rise", error.Message);
    }

    [Fact]
    public void Parse_GateWithoutMetric_ReportedOnce()
    {
        var error = Samples.SingleError(WithModel("  gates:\n    - min: 0.6\n"));

        Assert.Equal(("model.gates[0].metric", 12, 7), (error.Key, error.Line, error.Column));
        Assert.Contains("missing required key 'metric'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MinAboveMax_ReportedAtMax()
    {
        var error = Samples.SingleError(WithModel("  gates:\n    - { metric: auc, min: 0.9, max: 0.5 }\n"));

        Assert.Equal(("model.gates[0].max", 12, 37), (error.Key, error.Line, error.Column));
        Assert.Equal("max 0.5 is less than min 0.9: no value could pass", error.Message);
    }

    [Theory]
    [InlineData("max_drop")]
    [InlineData("max_rise")]
    public void Parse_NegativeRelativeBound_Rejected(string bound)
    {
        var error = Samples.SingleError(WithModel($"  gates:\n    - metric: auc\n      {bound}: -0.01\n"));

        Assert.Equal(($"model.gates[0].{bound}", 13, 17), (error.Key, error.Line, error.Column));
        Assert.StartsWith($"{bound} must be zero or positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidAlias_Rejected()
    {
        var error = Samples.SingleError(WithModel("  gates: [{ metric: auc, max_drop: 0.01, alias: Production }]\n"));

        Assert.Equal(("model.gates[0].alias", 11, 49), (error.Key, error.Line, error.Column));
        Assert.Contains("invalid alias name 'Production'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralModelErrors_AllReportedInOrder()
    {
        var yaml = Head +
            "  name: Census\n" +
            "  metrics: nope\n" +
            "  bundle:\n" +
            "    transform: prep\n" +
            "  gates:\n" +
            "    - { metric: auc }\n" +
            "    - { metric: auc, min: 2, max: 1 }\n";

        var errors = Samples.Errors(yaml);

        Assert.Equal(
            [("model.name", 7), ("model.metrics", 8), ("model.bundle.model", 9), ("model.bundle.transform", 10), ("model.gates[0]", 12), ("model.gates[1].max", 13)],
            errors.Select(e => (e.Key, e.Line)));
    }

    [Fact]
    public void Validate_BuiltSpecWithBadModel_ReportsEveryRule()
    {
        var steps = new PipelineLoader().Parse(Head.Replace("model:\n", string.Empty, StringComparison.Ordinal), "p.yaml").Steps;
        var model = new ModelSpec("Census", new Dictionary<string, StepOutputReference>
        {
            ["transform"] = new("prep", "transform"),
            ["model"] = new("train", "nothing"),
            ["bad role"] = new("train", "model"),
        })
        {
            MetricsStep = "missing",
            Gates =
            [
                new PromotionGate(" ") { Min = double.NaN },
                new PromotionGate("auc") { MaxDrop = -1, MaxRise = -2, Alias = "a b" },
            ],
        };

        var errors = new PipelineValidator().Validate(new PipelineSpec("p", [], [], steps) { Model = model });

        Assert.Equal(
            [
                "model.name", "model.bundle.bad role", "model.bundle.model", "model.metrics",
                "model.gates[0].metric", "model.gates[0].min", "model.gates[1].max_drop", "model.gates[1].max_rise", "model.gates[1].alias",
            ],
            errors.Select(e => e.Key));
        Assert.All(errors, e => Assert.Equal(0, e.Line));
    }

    [Fact]
    public void Validate_BuiltSpecWithoutRequiredRoles_ReportsEach()
    {
        var steps = new PipelineLoader().Parse(Head.Replace("model:\n", string.Empty, StringComparison.Ordinal), "p.yaml").Steps;

        var errors = new PipelineValidator().Validate(new PipelineSpec("p", [], [], steps) { Model = new ModelSpec("census", new Dictionary<string, StepOutputReference>()) });

        Assert.Equal(["model.bundle.model"], errors.Select(e => e.Key));
    }
}
