using Mlmax.Specs;

namespace Mlmax.Definitions.Tests;

public sealed class ModelSectionTests
{
    private readonly PipelineLoader loader = new();

    [Fact]
    public void Parse_ModelSection_MapsEveryField()
    {
        var model = loader.Parse(Samples.FullYamlWithModel, "training.yaml").Model!;

        Assert.Equal("census", model.Name);
        Assert.True(model.Register);
        Assert.Equal("evaluate", model.MetricsStep);
        Assert.Equal(new StepOutputReference("preprocess", "transform"), model.Bundle["transform"]);
        Assert.Equal(new StepOutputReference("train", "model"), model.Bundle["model"]);
        Assert.Equal(new StepOutputReference("preprocess", "train"), model.Bundle["baseline"]);
        Assert.Equal(
            [
                new PromotionGate("auc") { Min = 0.7 },
                new PromotionGate("auc") { MaxDrop = 0.01, Alias = "production" },
                new PromotionGate("log_loss") { MaxRise = 0.05, Max = 1.0 },
            ],
            model.Gates);
    }

    [Fact]
    public void Parse_MinimalModel_FillsDefaults()
    {
        var spec = loader.Parse(Samples.FullYaml + "\nmodel:\n  name: census\n  bundle: { transform: preprocess.transform, model: train.model }\n", "p.yaml");

        Assert.True(spec.Model!.Register);
        Assert.Null(spec.Model.MetricsStep);
        Assert.Empty(spec.Model.Gates);
    }

    [Fact]
    public void Parse_NoModelSection_ModelNull()
    {
        Assert.Null(loader.Parse(Samples.FullYaml, "p.yaml").Model);
    }

    [Fact]
    public void Build_SameModelAsYaml_SameCanonicalJsonAndVersion()
    {
        var fromYaml = loader.Parse(Samples.FullYamlWithModel, "training.yaml");
        var fromCode = Samples.FullBuilderWithModel().Build();

        Assert.Equal(CanonicalForm.ToJson(fromYaml), CanonicalForm.ToJson(fromCode));
        Assert.Equal(CanonicalForm.Version(fromYaml), CanonicalForm.Version(fromCode));
    }

    [Fact]
    public void Build_ModelSpecGivenAsIs_SameAsFluent()
    {
        var fluent = Samples.FullBuilderWithModel().Build();

        var direct = Samples.FullBuilder().Model(fluent.Model!).Build();

        Assert.Equal(CanonicalForm.ToJson(fluent), CanonicalForm.ToJson(direct));
    }

    [Fact]
    public void Model_OnExistingBuilder_LeavesOriginalUnchanged()
    {
        var original = Samples.FullBuilder();

        var withModel = original.Model("census", m => m.Bundle("transform", "preprocess.transform").Bundle("model", "train.model"));

        Assert.Null(original.Build().Model);
        Assert.Equal("census", withModel.Build().Model!.Name);
    }

    [Fact]
    public void Build_BadModelReferences_ReportedByKey()
    {
        var builder = Samples.FullBuilder().Model("census", m => m
            .Bundle("transform", "inputs.raw")
            .Bundle("model", "train.model")
            .Bundle("model", "train.other")
            .Metrics("evaluat")
            .Gate("auc"));

        var errors = Assert.Throws<DefinitionException>(builder.Build).Errors;

        Assert.Equal(
            ["model.bundle.transform", "model.bundle.model", "model.metrics", "model.gates[0]"],
            errors.Select(e => e.Key));
        Assert.Contains("expected STEP.OUTPUT", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("bound twice", errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'evaluate'?", errors[2].Message, StringComparison.Ordinal);
        Assert.Contains("no bound", errors[3].Message, StringComparison.Ordinal);
        Assert.All(errors, e => Assert.Equal(0, e.Line));
    }

    [Fact]
    public void ToJson_Model_SortedWithDefaultsFilled()
    {
        var spec = loader.Parse(
            "name: p\nsteps:\n  a: { dotnet: X.A, outputs: [m, t] }\nmodel:\n  name: census\n  bundle: { transform: a.t, model: a.m }\n  gates:\n    - { metric: auc, max_drop: 0, alias: production }\n    - { metric: auc, min: 1 }\n",
            "p.yaml");

        var json = CanonicalForm.ToJson(spec);

        Assert.StartsWith(
            """{"description":null,"format":1,"inputs":{},"model":{"bundle":{"model":"a.m","transform":"a.t"},"gates":[""" +
            """{"alias":"production","max":null,"max_drop":0.0,"max_rise":null,"metric":"auc","min":null},""" +
            """{"alias":null,"max":null,"max_drop":null,"max_rise":null,"metric":"auc","min":1.0}],"metrics":null,"name":"census","register":true""" +
            """},"name":"p","parameters":{},"steps":{"a":""",
            json,
            StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_NoModel_KeyOmitted()
    {
        var json = CanonicalForm.ToJson(loader.Parse(Samples.FullYaml, "p.yaml"));

        Assert.DoesNotContain("\"model\":{\"bundle\"", json, StringComparison.Ordinal);
        Assert.StartsWith("""{"description":"Preprocess, train and evaluate the census income model.","format":1,"inputs":""", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_GatesReorderedOrDefaultsWritten_Unchanged()
    {
        const string reordered = """

            model:
              register: true
              gates:
                - { max: 1.0, max_rise: 0.05, metric: log_loss }
                - { metric: auc, min: 0.70 }
                - { alias: production, metric: auc, max_drop: 0.01 }
              bundle: { baseline: preprocess.train, model: train.model, transform: preprocess.transform }
              metrics: evaluate
              name: census
            """;

        Assert.Equal(
            CanonicalForm.Version(loader.Parse(Samples.FullYamlWithModel, "a.yaml")),
            CanonicalForm.Version(loader.Parse(Samples.FullYaml + reordered, "b.yaml")));
    }

    [Theory]
    [InlineData("name: census", "name: census2")]
    [InlineData("model: train.model", "model: preprocess.test")]
    [InlineData("min: 0.7", "min: 0.8")]
    [InlineData("alias: production", "alias: staging")]
    [InlineData("metrics: evaluate", "register: false")]
    public void Version_ModelChanged_Changes(string before, string after)
    {
        var original = CanonicalForm.Version(loader.Parse(Samples.FullYamlWithModel, "a.yaml"));

        var changed = CanonicalForm.Version(loader.Parse(Samples.FullYamlWithModel.Replace(before, after, StringComparison.Ordinal), "b.yaml"));

        Assert.NotEqual(original, changed);
    }

    [Fact]
    public void FromJson_CanonicalJsonWithModel_RoundTrips()
    {
        var spec = loader.Parse(Samples.FullYamlWithModel, "a.yaml");
        var json = CanonicalForm.ToJson(spec);

        var back = CanonicalForm.FromJson(json);

        Assert.Equal(json, CanonicalForm.ToJson(back));
        var model = back.Model!;
        Assert.Equal(spec.Model!.Bundle.OrderBy(b => b.Key), model.Bundle.OrderBy(b => b.Key));
        Assert.Equal(spec.Model.Gates.OrderBy(g => g.Metric).ThenBy(g => g.Alias), model.Gates.OrderBy(g => g.Metric).ThenBy(g => g.Alias));
        Assert.Equal(("census", true, "evaluate"), (model.Name, model.Register, model.MetricsStep));
    }

    [Fact]
    public void FromJson_CanonicalJsonWithoutModel_ModelNull()
    {
        Assert.Null(CanonicalForm.FromJson(CanonicalForm.ToJson(loader.Parse(Samples.FullYaml, "a.yaml"))).Model);
    }
}
