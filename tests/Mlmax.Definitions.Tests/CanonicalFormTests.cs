using Mlmax.Specs;

namespace Mlmax.Definitions.Tests;

public sealed class CanonicalFormTests
{
    private readonly PipelineLoader loader = new();

    [Fact]
    public void ToJson_MinimalStep_FillsDefaultsAndSortsKeys()
    {
        var spec = loader.Parse("steps:\n  b: { dotnet: X.B, inputs: { i: a.o } }\n  a: { dotnet: X.A, outputs: [o] }\nname: p\n", "p.yaml");

        var json = CanonicalForm.ToJson(spec);

        Assert.Equal(
            """{"description":null,"format":1,"inputs":{},"name":"p","parameters":{},"steps":{"a":{"cache":true""" +
            ""","code":[],"description":null,"in_process":null,"inputs":{},"outputs":{"o":{"description":null}},"parameters":{},"retries":{"backoff_ms":0,"max_attempts":1},"runner":{"class":"X.A","kind":"dotnet"},"timeout_ms":null}""" +
            ""","b":{"cache":true,"code":[],"description":null,"in_process":null,"inputs":{"i":"a.o"},"outputs":{},"parameters":{},"retries":{"backoff_ms":0,"max_attempts":1},"runner":{"class":"X.B","kind":"dotnet"},"timeout_ms":null}}}""",
            json);
    }

    [Fact]
    public void Version_ReformattedAndReorderedYaml_Unchanged()
    {
        const string reordered = """
            steps:
              evaluate:
                timeout: 500ms
                cache: false
                parameters: { threshold: '0.5', balanced: "${params.balanced}" }
                outputs:
                  - report
                inputs: { baseline: inputs.baseline, test: preprocess.test, model: train.model }
                command: [python3, src/evaluate.py]
              train:
                in_process: true
                timeout: 120m
                retries: { max_attempts: 3 }
                parameters: { learning_rate: 1.0e-1, epochs: "${params.epochs}", label: "${params.label}", seed: "${params.seed}" }
                outputs: { model: The fitted model }
                inputs: { train: preprocess.train }
                dotnet: Census.Steps.Train
              preprocess:
                description: Clean, split, fit the feature transform on the training split.
                code: [src/preprocess.py, src/schema.py]
                timeout: 600s
                retries: { backoff: 2000ms, max_attempts: 3 }
                parameters: { min_count: 5, split_ratio: "${params.split_ratio}" }
                outputs: [train, test, transform]
                inputs: { raw: inputs.raw }
                args: [--mode, train]
                python: src/preprocess.py
            inputs:
              baseline: { from: training/train.model, type: artifact }
              raw: { default: data/census-income-sample.csv, type: file }
            parameters:
              epochs: { default: 3.0, type: number }
              balanced: { default: false, type: boolean }
              label: { default: "income", type: string }
              seed: { default: 42, type: integer }
              split_ratio: { description: Share of rows held out for testing, default: 0.20, type: number }
            description: "Preprocess, train and evaluate the census income model."
            name: training
            """;

        Assert.Equal(
            CanonicalForm.Version(loader.Parse(Samples.FullYaml, "a.yaml")),
            CanonicalForm.Version(loader.Parse(reordered, "b.yaml")));
    }

    [Fact]
    public void Version_ParameterDefaultChanged_Changes()
    {
        var before = CanonicalForm.Version(loader.Parse(Samples.FullYaml, "a.yaml"));
        var after = CanonicalForm.Version(loader.Parse(Samples.FullYaml.Replace("default: 42", "default: 43", StringComparison.Ordinal), "a.yaml"));

        Assert.NotEqual(before, after);
        Assert.Matches("^sha256:[0-9a-f]{64}$", before);
    }

    [Fact]
    public void Version_IntegerVersusFloatLiteral_Differ()
    {
        static string VersionOf(string literal) => CanonicalForm.Version(new PipelineLoader().Parse(
            $"name: p\nsteps:\n  a:\n    dotnet: A.B\n    parameters: {{ k: {literal} }}\n", "p.yaml"));

        Assert.NotEqual(VersionOf("1"), VersionOf("1.0"));
        Assert.NotEqual(VersionOf("1"), VersionOf("'1'"));
        Assert.Equal(VersionOf("1.0"), VersionOf("1.00"));
    }

    [Fact]
    public void FromJson_CanonicalJsonOfFullPipeline_RoundTrips()
    {
        var spec = loader.Parse(Samples.FullYaml, "a.yaml");
        var json = CanonicalForm.ToJson(spec);

        var back = CanonicalForm.FromJson(json);

        Assert.Equal(json, CanonicalForm.ToJson(back));
        Assert.Equal(["evaluate", "preprocess", "train"], back.Steps.Select(s => s.Name));
        var train = back.FindStep("train")!;
        Assert.Equal(new RetryPolicy(3, TimeSpan.FromSeconds(1)), train.Retry);
        Assert.Equal(TimeSpan.FromHours(2), train.Timeout);
        Assert.Equal(0.1, Assert.IsType<double>(train.Parameters.Single(p => p.Name == "learning_rate").Value));
        Assert.Equal(3.0, Assert.IsType<double>(back.Parameters.Single(p => p.Name == "epochs").Default));
        Assert.Equal(5L, Assert.IsType<long>(back.FindStep("preprocess")!.Parameters.Single(p => p.Name == "min_count").Value));
        Assert.Equal(new ArtifactSource("training", "train", "model"), back.Inputs.Single(i => i.Name == "baseline").From);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("""{"format":1,"name":"p"}""")]
    [InlineData("""{"format":2,"name":"p","parameters":{},"inputs":{},"steps":{}}""")]
    public void FromJson_NotCanonical_ThrowsDefinitionException(string json)
    {
        Assert.Throws<DefinitionException>(() => CanonicalForm.FromJson(json));
    }

    [Fact]
    public void ToJson_InvalidSpec_Throws()
    {
        var spec = new PipelineSpec("p", [], [], [new StepSpec("a", new DotnetRunner("A"), [], [], []), new StepSpec("a", new DotnetRunner("B"), [], [], [])]);

        Assert.Throws<DefinitionException>(() => CanonicalForm.ToJson(spec));
    }
}
