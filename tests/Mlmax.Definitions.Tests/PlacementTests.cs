using Mlmax.Specs;

namespace Mlmax.Definitions.Tests;

/// <summary><c>pool</c> and <c>partitions</c>: where a worker fleet runs a step, and into how many parts it splits a predict step's data.</summary>
public sealed class PlacementTests
{
    private const string Valid = """
        name: fleet
        parameters:
          model: { type: model, default: census@production }
        inputs:
          data: { type: file, default: data.csv }
        steps:
          train:
            dotnet: Census.Steps.Train
            outputs: [model]
            pool: gpu
          score:
            predict: ${params.model}
            inputs: { data: inputs.data }
            outputs: [predictions]
            pool: highmem
            partitions: 8
        """;

    private readonly PipelineLoader loader = new();

    private static string Without(params string[] lines) =>
        lines.Aggregate(Valid, (yaml, line) => yaml.Replace("\n    " + line, string.Empty, StringComparison.Ordinal));

    private static PipelineBuilder Builder(Func<StepBuilder, StepBuilder> train, Func<StepBuilder, StepBuilder> score) =>
        new PipelineBuilder("fleet")
            .Parameter("model", ParameterType.Model, "census@production")
            .Input("data", InputKind.File, "data.csv")
            .Step("train", new DotnetRunner("Census.Steps.Train"), s => train(s.Outputs("model")))
            .Step("score", new PredictRunner("model"), s => score(s.Input("data", "inputs.data").Outputs("predictions")));

    [Fact]
    public void Parse_PoolAndPartitions_Read()
    {
        var spec = loader.Parse(Valid, "p.yaml");

        var train = spec.FindStep("train")!;
        var score = spec.FindStep("score")!;
        Assert.Equal(("gpu", "gpu", (int?)null), (train.Pool, train.EffectivePool, train.Partitions));
        Assert.Equal(("highmem", "highmem", (int?)8), (score.Pool, score.EffectivePool, score.Partitions));
    }

    [Fact]
    public void Parse_Absent_DefaultPoolAndNoPartitions()
    {
        var spec = loader.Parse(Without("pool: gpu", "pool: highmem", "partitions: 8"), "p.yaml");

        Assert.All(spec.Steps, s => Assert.Equal((null, "default", (int?)null), (s.Pool, s.EffectivePool, s.Partitions)));
        Assert.Equal("default", StepSpec.DefaultPool);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("default")]
    [InlineData("0")]
    [InlineData("high-mem_2")]
    [InlineData("_")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwx")]
    public void Parse_ValidPoolName_Loads(string pool)
    {
        var spec = loader.Parse(Valid.Replace("pool: gpu", $"pool: '{pool}'", StringComparison.Ordinal), "p.yaml");

        Assert.Equal(pool, spec.FindStep("train")!.Pool);
    }

    [Theory]
    [InlineData("GPU")]
    [InlineData("gpu.large")]
    [InlineData("gpu pool")]
    [InlineData("gpu/a")]
    [InlineData("")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxy")]
    public void Parse_InvalidPoolName_ErrorNamesFileLineStepValueAndRule(string pool)
    {
        var error = Samples.SingleError(Valid.Replace("pool: gpu", $"pool: '{pool}'", StringComparison.Ordinal));

        Assert.Equal(("p.yaml", 10, 11, "steps.train.pool"), (error.File, error.Line, error.Column, error.Key));
        Assert.Equal(
            $"p.yaml:10:11: steps.train.pool: invalid pool name '{pool}': 1 to 50 lowercase letters, digits, '_' and '-' (^[a-z0-9_-]{{1,50}}$); leave pool out for the default pool, 'default'",
            error.ToString());
    }

    [Fact]
    public void Parse_PoolWithTrailingNewline_Refused()
    {
        var error = Samples.SingleError(Valid.Replace("pool: gpu", "pool: \"gpu\\n\"", StringComparison.Ordinal));

        Assert.Equal(("steps.train.pool", 10), (error.Key, error.Line));
    }

    [Theory]
    [InlineData("pool:", "expected a worker pool name, e.g. gpu, got nothing")]
    [InlineData("pool: [gpu]", "expected a worker pool name, e.g. gpu, got a list")]
    public void Parse_PoolNotAName_ReportedAtKey(string line, string message)
    {
        var error = Samples.SingleError(Valid.Replace("pool: gpu", line, StringComparison.Ordinal));

        Assert.Equal(("p.yaml", 10, "steps.train.pool"), (error.File, error.Line, error.Key));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("8", 8)]
    [InlineData("1000", 1000)]
    public void Parse_PartitionsInRange_Loads(string value, int expected)
    {
        var spec = loader.Parse(Valid.Replace("partitions: 8", $"partitions: {value}", StringComparison.Ordinal), "p.yaml");

        Assert.Equal(expected, spec.FindStep("score")!.Partitions);
    }

    [Theory]
    [InlineData("0", "'0'")]
    [InlineData("1001", "'1001'")]
    [InlineData("-3", "'-3'")]
    [InlineData("2.5", "'2.5'")]
    [InlineData("'4'", "'4'")]
    [InlineData("many", "'many'")]
    [InlineData("99999999999999999999", "'99999999999999999999'")]
    [InlineData("", "nothing")]
    public void Parse_PartitionsNotFrom1To1000_ErrorNamesFileLineStepAndValue(string value, string described)
    {
        var error = Samples.SingleError(Valid.Replace("partitions: 8", $"partitions: {value}", StringComparison.Ordinal));

        Assert.Equal(("p.yaml", 16, "steps.score.partitions"), (error.File, error.Line, error.Key));
        Assert.Equal($"expected a whole number from 1 to 1000, got {described}", error.Message);
        Assert.StartsWith("p.yaml:16:", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dotnet: Census.Steps.Train")]
    [InlineData("python: src/train.py")]
    [InlineData("command: [python3, src/train.py]")]
    public void Parse_PartitionsOnAnotherStepKind_ErrorNamesFileLineStepAndValue(string runner)
    {
        var yaml = Valid.Replace("dotnet: Census.Steps.Train", runner, StringComparison.Ordinal)
            .Replace("pool: gpu", "pool: gpu\n    partitions: 4", StringComparison.Ordinal);

        var error = Samples.SingleError(yaml);

        Assert.Equal(("p.yaml", 11, 17, "steps.train.partitions"), (error.File, error.Line, error.Column, error.Key));
        Assert.Equal(
            "p.yaml:11:17: steps.train.partitions: partitions (4) is only for predict steps (predict: ${params.NAME}), whose data input a worker fleet can split",
            error.ToString());
    }

    [Fact]
    public void Parse_MisspelledKey_SuggestsPool()
    {
        var error = Samples.SingleError(Valid.Replace("pool: gpu", "pol: gpu", StringComparison.Ordinal));

        Assert.Equal("steps.train.pol", error.Key);
        Assert.Contains("did you mean 'pool'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CanonicalForm_PoolAndPartitions_RoundTrip()
    {
        var spec = loader.Parse(Valid, "p.yaml");
        var json = CanonicalForm.ToJson(spec);

        var back = CanonicalForm.FromJson(json);

        Assert.Contains("\"pool\":\"gpu\"", json, StringComparison.Ordinal);
        Assert.Contains("\"partitions\":8,\"pool\":\"highmem\"", json, StringComparison.Ordinal);
        Assert.Equal(json, CanonicalForm.ToJson(back));
        Assert.Equal(CanonicalForm.Version(spec), CanonicalForm.Version(back));
        Assert.Equal(("gpu", (int?)null), (back.FindStep("train")!.Pool, back.FindStep("train")!.Partitions));
        Assert.Equal(("highmem", (int?)8), (back.FindStep("score")!.Pool, back.FindStep("score")!.Partitions));
    }

    [Fact]
    public void CanonicalForm_Absent_NoKeysAndVersionOfAPipelineWithoutThem()
    {
        var spec = loader.Parse(Without("pool: gpu", "pool: highmem", "partitions: 8"), "p.yaml");

        var json = CanonicalForm.ToJson(spec);

        Assert.DoesNotContain("pool", json, StringComparison.Ordinal);
        Assert.DoesNotContain("partitions", json, StringComparison.Ordinal);
        Assert.Equal((null, (int?)null), (CanonicalForm.FromJson(json).Steps[0].Pool, CanonicalForm.FromJson(json).Steps[0].Partitions));
    }

    [Theory]
    [InlineData(false, "sha256:1c56bc9e29f92a604f307cc6d2d050f5ec8980100d976e3593cf27ce85539e5f")]
    [InlineData(true, "sha256:e5f5f1adafd53291b6b7feeb3ad13f13dd935d534478d2a4be72d87228188ed0")]
    public void Version_SampleWithoutPoolOrPartitions_KeepsTheVersionItHadBeforeTheKeys(bool withModel, string version)
    {
        var spec = loader.Parse(withModel ? Samples.FullYamlWithModel : Samples.FullYaml, "training.yaml");

        Assert.Equal(version, CanonicalForm.Version(spec));
    }

    [Fact]
    public void Version_DefaultPoolWritten_SameAsNoPool()
    {
        var without = loader.Parse(Without("pool: gpu"), "p.yaml");
        var explicitDefault = loader.Parse(Valid.Replace("pool: gpu", "pool: default", StringComparison.Ordinal), "p.yaml");

        Assert.Equal(CanonicalForm.ToJson(without), CanonicalForm.ToJson(explicitDefault));
        Assert.Equal("default", CanonicalForm.FromJson(CanonicalForm.ToJson(explicitDefault)).FindStep("train")!.EffectivePool);
    }

    [Fact]
    public void Version_PoolOrPartitionsChanged_Changes()
    {
        var versions = new[]
        {
            Valid,
            Without("pool: gpu"),
            Valid.Replace("pool: gpu", "pool: gpu2", StringComparison.Ordinal),
            Without("partitions: 8"),
            Valid.Replace("partitions: 8", "partitions: 1", StringComparison.Ordinal),
        }.Select(yaml => CanonicalForm.Version(loader.Parse(yaml, "p.yaml")));

        Assert.Equal(5, versions.Distinct().Count());
    }

    [Theory]
    [InlineData("\"pool\":\"gpu\"", "\"pool\":\"GPU\"", "steps.train.pool")]
    [InlineData("\"partitions\":8", "\"partitions\":0", "steps.score.partitions")]
    [InlineData("\"partitions\":8", "\"partitions\":2.5", "")]
    [InlineData("\"pool\":\"gpu\"", "\"pool\":7", "")]
    public void FromJson_InvalidPoolOrPartitions_Refused(string from, string to, string key)
    {
        var json = CanonicalForm.ToJson(loader.Parse(Valid, "p.yaml")).Replace(from, to, StringComparison.Ordinal);

        var error = Assert.Single(Assert.Throws<DefinitionException>(() => CanonicalForm.FromJson(json)).Errors);

        Assert.Equal(key, error.Key);
    }

    [Fact]
    public void Build_PoolAndPartitions_SameCanonicalJsonAsYaml()
    {
        var fromCode = Builder(s => s.Pool("gpu"), s => s.Pool("highmem").Partitions(8)).Build();

        Assert.Equal(CanonicalForm.ToJson(loader.Parse(Valid, "p.yaml")), CanonicalForm.ToJson(fromCode));
    }

    [Fact]
    public void Build_InvalidPoolAndPartitions_ThrowsWithErrorsByKey()
    {
        var builder = Builder(s => s.Pool("GPU").Partitions(2), s => s.Partitions(1001));

        var errors = Assert.Throws<DefinitionException>(builder.Build).Errors;

        Assert.Equal(["steps.train.pool", "steps.train.partitions", "steps.score.partitions"], errors.Select(e => e.Key));
        Assert.Contains("invalid pool name 'GPU'", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("partitions (2) is only for predict steps", errors[1].Message, StringComparison.Ordinal);
        Assert.Equal("invalid partitions 1001: expected a whole number from 1 to 1000", errors[2].Message);
    }
}
