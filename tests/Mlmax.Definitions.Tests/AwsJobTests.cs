using Mlmax.Specs;

namespace Mlmax.Definitions.Tests;

/// <summary><c>aws:</c>: how <c>mlmax aws compile</c> runs a step as a SageMaker job.</summary>
public sealed class AwsJobTests
{
    private const string Valid = """
        name: p
        parameters:
          model: { type: model, default: census }
        inputs:
          data: { type: file, default: data.csv }
        steps:
          train:
            dotnet: Census.Steps.Train
            outputs: [model]
            timeout: 2h
            aws:
              job: training
              instance_type: ml.m5.xlarge
              instance_count: 2
              volume_size_gb: 50
              max_runtime: 3h
              image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/steps:1
          score:
            predict: ${params.model}
            inputs: { data: inputs.data }
            outputs: [predictions]
        """;

    private readonly PipelineLoader loader = new();

    [Fact]
    public void Parse_AwsBlock_Read()
    {
        var spec = loader.Parse(Valid, "p.yaml");

        var aws = spec.FindStep("train")!.Aws!;
        Assert.Equal(
            (AwsJobKind.Training, "ml.m5.xlarge", (int?)2, (int?)50, (TimeSpan?)TimeSpan.FromHours(3), "123456789012.dkr.ecr.eu-west-1.amazonaws.com/steps:1"),
            (aws.Job, aws.InstanceType, aws.InstanceCount, aws.VolumeSizeGb, aws.MaxRuntime, aws.Image));
        Assert.Null(spec.FindStep("score")!.Aws);
    }

    [Fact]
    public void Parse_EmptyAwsBlock_ProcessingWithDefaults()
    {
        var spec = loader.Parse("name: p\nsteps:\n  a:\n    dotnet: A.B\n    outputs: [x]\n    aws: {}\n", "p.yaml");

        Assert.Equal(new AwsJobSpec(), spec.FindStep("a")!.Aws);
        Assert.Equal(AwsJobKind.Processing, spec.FindStep("a")!.Aws!.Job);
    }

    [Theory]
    [InlineData("job: training", "job: batch", "steps.train.aws.job", "unknown job 'batch': expected processing (a SageMaker processing job) or training (a SageMaker training job)")]
    [InlineData("instance_type: ml.m5.xlarge", "instance_type: m5.xlarge", "steps.train.aws.instance_type", "invalid instance type 'm5.xlarge': expected a SageMaker instance type such as ml.m5.xlarge (ml.FAMILY.SIZE)")]
    [InlineData("instance_count: 2", "instance_count: 0", "steps.train.aws.instance_count", "expected a whole number from 1 to 100, got '0'")]
    [InlineData("volume_size_gb: 50", "volume_size_gb: 20000", "steps.train.aws.volume_size_gb", "expected a whole number from 1 to 16384, got '20000'")]
    [InlineData("max_runtime: 3h", "max_runtime: 700h", "steps.train.aws.max_runtime", "max_runtime must be whole seconds from 1s to 28 days (SageMaker's limit), e.g. 2h")]
    [InlineData("max_runtime: 3h", "max_runtime: 1500ms", "steps.train.aws.max_runtime", "max_runtime must be whole seconds from 1s to 28 days (SageMaker's limit), e.g. 2h")]
    [InlineData("image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/steps:1", "image: 'my image'", "steps.train.aws.image", "invalid image 'my image': expected a container image URI without spaces, at most 255 characters, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/steps:1")]
    public void Parse_BadAwsValue_ErrorNamesKeyAndRule(string line, string replacement, string key, string message)
    {
        var error = Samples.SingleError(Valid.Replace(line, replacement, StringComparison.Ordinal));

        Assert.Equal((key, message), (error.Key, error.Message));
        Assert.StartsWith("p.yaml:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownAwsKey_SuggestsValidKeys()
    {
        var error = Samples.SingleError(Valid.Replace("instance_count: 2", "instance_cnt: 2", StringComparison.Ordinal));

        Assert.Equal(("steps.train.aws.instance_cnt", 14), (error.Key, error.Line));
        Assert.Contains("instance_count", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PredictStepAsTrainingJob_Refused()
    {
        var error = Samples.SingleError(Valid.Replace("outputs: [predictions]", "outputs: [predictions]\n    aws: { job: training }", StringComparison.Ordinal));

        Assert.Equal("steps.score.aws.job", error.Key);
        Assert.Contains("a predict step runs as a processing job", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CanonicalForm_AwsBlock_RoundTripsAndChangesTheVersion()
    {
        var spec = loader.Parse(Valid, "p.yaml");
        var without = spec with { Steps = [.. spec.Steps.Select(s => s with { Aws = null })] };

        Assert.Equal(CanonicalForm.ToJson(spec), CanonicalForm.ToJson(CanonicalForm.FromJson(CanonicalForm.ToJson(spec))));
        Assert.Equal(spec.FindStep("train")!.Aws, CanonicalForm.FromJson(CanonicalForm.ToJson(spec)).FindStep("train")!.Aws);
        Assert.NotEqual(CanonicalForm.Version(spec), CanonicalForm.Version(without));
        Assert.DoesNotContain("\"aws\"", CanonicalForm.ToJson(without), StringComparison.Ordinal);
    }

    [Fact]
    public void Builder_Aws_SameAsYaml()
    {
        var built = new PipelineBuilder("p")
            .Step("a", new DotnetRunner("A.B"), s => s.Outputs("x").Aws(new AwsJobSpec { Job = AwsJobKind.Training, InstanceType = "ml.c5.2xlarge" }))
            .Build();
        var parsed = loader.Parse("name: p\nsteps:\n  a:\n    dotnet: A.B\n    outputs: [x]\n    aws: { job: training, instance_type: ml.c5.2xlarge }\n", "p.yaml");

        Assert.Equal(CanonicalForm.Version(parsed), CanonicalForm.Version(built));
    }
}
