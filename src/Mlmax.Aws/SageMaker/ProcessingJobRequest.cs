using System.Text.Json.Serialization;

namespace Mlmax.Aws.SageMaker;

// The request shapes of SageMaker's CreateProcessingJob, as far as mlmax uses them. A member named "X.$" holds a path
// or an intrinsic function that Step Functions evaluates into X when the task starts.

/// <summary>A <c>CreateProcessingJob</c> request inside a Step Functions task.</summary>
public sealed record ProcessingJobRequest
{
    /// <summary>The job's name, computed when the task starts.</summary>
    [JsonPropertyName("ProcessingJobName.$")]
    public required string ProcessingJobNameExpression { get; init; }

    /// <summary>The instances.</summary>
    public required ProcessingResources ProcessingResources { get; init; }

    /// <summary>The longest run.</summary>
    public required StoppingCondition StoppingCondition { get; init; }

    /// <summary>The container.</summary>
    public required AppSpecification AppSpecification { get; init; }

    /// <summary>The S3 data copied into the container before it starts.</summary>
    public required IReadOnlyList<ProcessingInput> ProcessingInputs { get; init; }

    /// <summary>The container folders uploaded to S3 when it ends.</summary>
    public required ProcessingOutputConfig ProcessingOutputConfig { get; init; }

    /// <summary>Network isolation and the VPC.</summary>
    public required NetworkConfig NetworkConfig { get; init; }

    /// <summary>The role the job runs as.</summary>
    public required string RoleArn { get; init; }

    /// <summary>Tags of the job.</summary>
    public required IReadOnlyList<Tag> Tags { get; init; }
}

/// <summary>The instances of a processing job.</summary>
/// <param name="ClusterConfig">Their type, count and volume.</param>
public sealed record ProcessingResources(ClusterConfig ClusterConfig);

/// <summary>Instance type, count and storage of a processing job.</summary>
/// <param name="InstanceCount">Instances.</param>
/// <param name="InstanceType">Instance type.</param>
/// <param name="VolumeSizeInGB">Volume per instance.</param>
/// <param name="VolumeKmsKeyId">The key encrypting the volumes.</param>
public sealed record ClusterConfig(int InstanceCount, string InstanceType, int VolumeSizeInGB, string VolumeKmsKeyId);

/// <summary>The longest a job may run.</summary>
/// <param name="MaxRuntimeInSeconds">Seconds.</param>
public sealed record StoppingCondition(int MaxRuntimeInSeconds);

/// <summary>The container of a processing job.</summary>
/// <param name="ImageUri">The image.</param>
/// <param name="ContainerEntrypoint">The program it starts.</param>
public sealed record AppSpecification(string ImageUri, IReadOnlyList<string> ContainerEntrypoint)
{
    /// <summary>The arguments, computed when the task starts.</summary>
    [JsonPropertyName("ContainerArguments.$")]
    public required string ContainerArgumentsExpression { get; init; }
}

/// <summary>An input of a processing job.</summary>
/// <param name="InputName">Its name.</param>
/// <param name="S3Input">Where it comes from.</param>
public sealed record ProcessingInput(string InputName, ProcessingS3Input S3Input);

/// <summary>S3 data copied into a processing container.</summary>
/// <param name="LocalPath">Where it goes in the container.</param>
public sealed record ProcessingS3Input(string LocalPath)
{
    /// <summary>A fixed S3 URI.</summary>
    public string? S3Uri { get; init; }

    /// <summary>An S3 URI computed when the task starts.</summary>
    [JsonPropertyName("S3Uri.$")]
    public string? S3UriExpression { get; init; }

    /// <summary>How <c>S3Uri</c> is read: every object under the prefix.</summary>
    public string S3DataType => "S3Prefix";

    /// <summary>Copied before the container starts.</summary>
    public string S3InputMode => "File";

    /// <summary>Every instance gets all of it.</summary>
    public string S3DataDistributionType => "FullyReplicated";
}

/// <summary>The outputs of a processing job.</summary>
/// <param name="Outputs">The outputs.</param>
/// <param name="KmsKeyId">The key encrypting them in S3.</param>
public sealed record ProcessingOutputConfig(IReadOnlyList<ProcessingOutput> Outputs, string KmsKeyId);

/// <summary>An output of a processing job.</summary>
/// <param name="OutputName">Its name.</param>
/// <param name="S3Output">Where it goes.</param>
public sealed record ProcessingOutput(string OutputName, ProcessingS3Output S3Output);

/// <summary>A container folder uploaded to S3.</summary>
/// <param name="LocalPath">The folder.</param>
public sealed record ProcessingS3Output(string LocalPath)
{
    /// <summary>The S3 URI, computed when the task starts.</summary>
    [JsonPropertyName("S3Uri.$")]
    public required string S3UriExpression { get; init; }

    /// <summary>Uploaded once, when the job ends.</summary>
    public string S3UploadMode => "EndOfJob";
}

/// <summary>Network settings of a processing job.</summary>
/// <param name="VpcConfig">The VPC the job runs in.</param>
public sealed record NetworkConfig(VpcConfig VpcConfig)
{
    /// <summary>Traffic between instances is encrypted.</summary>
    public bool EnableInterContainerTrafficEncryption => true;

    /// <summary>The container has no network access.</summary>
    public bool EnableNetworkIsolation => true;
}

/// <summary>The private subnets and security groups a job runs in, computed when the task starts.</summary>
/// <param name="SecurityGroupIdsExpression">The security groups.</param>
/// <param name="SubnetsExpression">The subnets.</param>
public sealed record VpcConfig(
    [property: JsonPropertyName("SecurityGroupIds.$")] string SecurityGroupIdsExpression,
    [property: JsonPropertyName("Subnets.$")] string SubnetsExpression);

/// <summary>A tag.</summary>
/// <param name="Key">Its key.</param>
public sealed record Tag(string Key)
{
    /// <summary>A fixed value.</summary>
    public string? Value { get; init; }

    /// <summary>A value computed when the task starts.</summary>
    [JsonPropertyName("Value.$")]
    public string? ValueExpression { get; init; }
}
