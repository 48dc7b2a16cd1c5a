using System.Text.Json.Serialization;

namespace Mlmax.Aws.SageMaker;

// The request shapes of SageMaker's CreateTrainingJob, as far as mlmax uses them.

/// <summary>A <c>CreateTrainingJob</c> request inside a Step Functions task.</summary>
public sealed record TrainingJobRequest
{
    /// <summary>The job's name, computed when the task starts.</summary>
    [JsonPropertyName("TrainingJobName.$")]
    public required string TrainingJobNameExpression { get; init; }

    /// <summary>The container.</summary>
    public required AlgorithmSpecification AlgorithmSpecification { get; init; }

    /// <summary>The role the job runs as.</summary>
    public required string RoleArn { get; init; }

    /// <summary>The S3 data copied into the container, one channel per input.</summary>
    public required IReadOnlyList<Channel> InputDataConfig { get; init; }

    /// <summary>Where <c>model.tar.gz</c> and <c>output.tar.gz</c> go.</summary>
    public required OutputDataConfig OutputDataConfig { get; init; }

    /// <summary>The instances.</summary>
    public required ResourceConfig ResourceConfig { get; init; }

    /// <summary>The longest run.</summary>
    public required StoppingCondition StoppingCondition { get; init; }

    /// <summary>The VPC the job runs in.</summary>
    public required VpcConfig VpcConfig { get; init; }

    /// <summary>The container has no network access.</summary>
    public bool EnableNetworkIsolation => true;

    /// <summary>Traffic between instances is encrypted.</summary>
    public bool EnableInterContainerTrafficEncryption => true;

    /// <summary>Tags of the job.</summary>
    public required IReadOnlyList<Tag> Tags { get; init; }
}

/// <summary>The container of a training job.</summary>
/// <param name="TrainingImage">The image.</param>
/// <param name="ContainerEntrypoint">The program it starts.</param>
public sealed record AlgorithmSpecification(string TrainingImage, IReadOnlyList<string> ContainerEntrypoint)
{
    /// <summary>Channels are copied before the container starts.</summary>
    public string TrainingInputMode => "File";

    /// <summary>The arguments, computed when the task starts.</summary>
    [JsonPropertyName("ContainerArguments.$")]
    public required string ContainerArgumentsExpression { get; init; }
}

/// <summary>An input channel of a training job.</summary>
/// <param name="ChannelName">Its name.</param>
/// <param name="DataSource">Where it comes from.</param>
public sealed record Channel(string ChannelName, DataSource DataSource)
{
    /// <summary>Copied before the container starts.</summary>
    public string InputMode => "File";
}

/// <summary>The source of a channel.</summary>
/// <param name="S3DataSource">S3 data.</param>
public sealed record DataSource(S3DataSource S3DataSource);

/// <summary>S3 data of a channel.</summary>
public sealed record S3DataSource
{
    /// <summary>Every object under the prefix.</summary>
    public string S3DataType => "S3Prefix";

    /// <summary>A fixed S3 URI.</summary>
    public string? S3Uri { get; init; }

    /// <summary>An S3 URI computed when the task starts.</summary>
    [JsonPropertyName("S3Uri.$")]
    public string? S3UriExpression { get; init; }

    /// <summary>Every instance gets all of it.</summary>
    public string S3DataDistributionType => "FullyReplicated";
}

/// <summary>Where a training job's results go.</summary>
/// <param name="KmsKeyId">The key encrypting them.</param>
public sealed record OutputDataConfig(string KmsKeyId)
{
    /// <summary>The S3 prefix, computed when the task starts.</summary>
    [JsonPropertyName("S3OutputPath.$")]
    public required string S3OutputPathExpression { get; init; }
}

/// <summary>Instance type, count and storage of a training job.</summary>
/// <param name="InstanceType">Instance type.</param>
/// <param name="InstanceCount">Instances.</param>
/// <param name="VolumeSizeInGB">Volume per instance.</param>
/// <param name="VolumeKmsKeyId">The key encrypting the volumes.</param>
public sealed record ResourceConfig(string InstanceType, int InstanceCount, int VolumeSizeInGB, string VolumeKmsKeyId);
