using Mlmax.Specs;

namespace Mlmax.Definitions.Tests;

public sealed class PipelineLoaderTests
{
    private readonly PipelineLoader loader = new();

    [Fact]
    public void Parse_FullDefinition_MapsEveryField()
    {
        var spec = loader.Parse(Samples.FullYaml, "training.yaml");

        Assert.Equal("training", spec.Name);
        Assert.Equal("Preprocess, train and evaluate the census income model.", spec.Description);
        Assert.Equal(["split_ratio", "seed", "label", "balanced", "epochs"], spec.Parameters.Select(p => p.Name));
        Assert.Equal(new ParameterSpec("split_ratio", ParameterType.Number, 0.2, "Share of rows held out for testing"), spec.Parameters[0]);
        Assert.Equal(42L, spec.Parameters[1].Default);
        Assert.Equal(false, spec.Parameters[3].Default);
        Assert.Equal(3.0, Assert.IsType<double>(spec.Parameters[4].Default));
        Assert.Equal(new InputSpec("raw", InputKind.File, "data/census-income-sample.csv"), spec.Inputs[0]);
        Assert.Equal(new ArtifactSource("training", "train", "model"), spec.Inputs[1].From);

        var preprocess = spec.Steps[0];
        var runner = Assert.IsType<PythonRunner>(preprocess.Runner);
        Assert.Equal("src/preprocess.py", runner.Script);
        Assert.Equal(["--mode", "train"], runner.Arguments);
        Assert.Equal(new InputBinding("raw", new PipelineInputReference("raw")), preprocess.Inputs[0]);
        Assert.Equal(["train", "test", "transform"], preprocess.Outputs.Select(o => o.Name));
        Assert.Equal(ParameterBinding.FromPipeline("split_ratio", "split_ratio"), preprocess.Parameters[0]);
        Assert.Equal(new ParameterBinding("min_count", 5L), preprocess.Parameters[1]);
        Assert.Equal(new RetryPolicy(3, TimeSpan.FromSeconds(2)), preprocess.Retry);
        Assert.Equal(TimeSpan.FromMinutes(10), preprocess.Timeout);
        Assert.Equal(["src/preprocess.py", "src/schema.py"], preprocess.Code);
        Assert.True(preprocess.Cache);
        Assert.Null(preprocess.InProcess);

        var train = spec.Steps[1];
        Assert.Equal(new DotnetRunner("Census.Steps.Train"), train.Runner);
        Assert.Equal(new OutputSpec("model", "The fitted model"), Assert.Single(train.Outputs));
        Assert.Equal(new RetryPolicy(3, TimeSpan.FromSeconds(1)), train.Retry);
        Assert.Equal(new ParameterBinding("learning_rate", 0.1), train.Parameters[3]);
        Assert.True(train.InProcess);

        var evaluate = spec.Steps[2];
        Assert.Equal(["python3", "src/evaluate.py"], Assert.IsType<CommandRunner>(evaluate.Runner).Command);
        Assert.Equal(new StepOutputReference("train", "model"), evaluate.Inputs[0].Source);
        Assert.Equal(new ParameterBinding("threshold", "0.5"), evaluate.Parameters[1]);
        Assert.False(evaluate.Cache);
        Assert.Equal(TimeSpan.FromMilliseconds(500), evaluate.Timeout);
    }

    [Fact]
    public void Parse_StepWithoutOptionalKeys_GetsDefaults()
    {
        var spec = loader.Parse("name: p\nsteps:\n  only:\n    dotnet: A.B\n", "p.yaml");

        var step = Assert.Single(spec.Steps);
        Assert.Empty(spec.Parameters);
        Assert.Empty(spec.Inputs);
        Assert.Equal(RetryPolicy.None, step.Retry);
        Assert.Null(step.Timeout);
        Assert.True(step.Cache);
        Assert.Empty(step.Code);
    }

    [Theory]
    [InlineData("5", 5L)]
    [InlineData("-7", -7L)]
    [InlineData("2.5", 2.5)]
    [InlineData("1e-3", 0.001)]
    [InlineData("true", true)]
    [InlineData("False", false)]
    [InlineData("'5'", "5")]
    [InlineData("\"true\"", "true")]
    [InlineData("hello world", "hello world")]
    [InlineData("1.2.3", "1.2.3")]
    public void Parse_StepParameterLiteral_TypedByPlainScalarOnly(string yamlValue, object expected)
    {
        var spec = loader.Parse($"name: p\nsteps:\n  s:\n    dotnet: A.B\n    parameters:\n      x: {yamlValue}\n", "p.yaml");

        var value = Assert.Single(spec.Steps[0].Parameters).Value;
        Assert.Equal(expected.GetType(), value!.GetType());
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Parse_CommandWithArgs_AppendsArgsToCommand()
    {
        var spec = loader.Parse("name: p\nsteps:\n  s:\n    command: [prog, a]\n    args: [--b, 3]\n", "p.yaml");

        Assert.Equal(["prog", "a", "--b", "3"], Assert.IsType<CommandRunner>(spec.Steps[0].Runner).Command);
    }

    [Fact]
    public void Parse_RetriesZero_MeansOneAttempt()
    {
        var spec = loader.Parse("name: p\nsteps:\n  s:\n    dotnet: A.B\n    retries: 0\n", "p.yaml");

        Assert.Equal(RetryPolicy.None, spec.Steps[0].Retry);
    }

    [Fact]
    public void Load_MissingFile_ThrowsDefinitionErrorNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlmax-missing-{Guid.NewGuid():N}.yaml");

        var error = Assert.Single(Assert.Throws<DefinitionException>(() => loader.Load(path)).Errors);

        Assert.Equal(path, error.File);
        Assert.Contains("cannot read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileOnDisk_EqualsParsedText()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlmax-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, Samples.FullYaml);
        try
        {
            Assert.Equal(CanonicalForm.ToJson(loader.Parse(Samples.FullYaml, "x")), CanonicalForm.ToJson(loader.Load(path)));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
