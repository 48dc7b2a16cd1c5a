namespace Mlmax.Specs;

/// <summary>The kind of SageMaker job a step becomes when its pipeline is compiled for AWS.</summary>
public enum AwsJobKind
{
    /// <summary>A processing job (<c>CreateProcessingJob</c>): every output is uploaded as a folder of files.</summary>
    Processing,

    /// <summary>A training job (<c>CreateTrainingJob</c>): the <c>model</c> output is uploaded as SageMaker's
    /// <c>model.tar.gz</c>, any other output inside <c>output.tar.gz</c>.</summary>
    Training,
}

/// <summary>
/// How <c>mlmax aws compile</c> runs a step as a SageMaker job (YAML's <c>aws:</c> key of a step). Every member is
/// optional; the compiler's defaults apply to those left out. Where a step runs does not change its results, so none of
/// this is part of the step's cache key.
/// </summary>
public sealed record AwsJobSpec
{
    /// <summary>The default instance type.</summary>
    public const string DefaultInstanceType = "ml.m5.large";

    /// <summary>The default size of each instance's storage volume, in GB.</summary>
    public const int DefaultVolumeSizeGb = 30;

    /// <summary>The default longest run of one job when the step has no timeout.</summary>
    public static TimeSpan DefaultMaxRuntime { get; } = TimeSpan.FromHours(24);

    /// <summary>The job kind. <value><see cref="AwsJobKind.Processing"/></value></summary>
    public AwsJobKind Job { get; init; } = AwsJobKind.Processing;

    /// <summary>The instance type, e.g. <c>ml.m5.xlarge</c>. <value><see langword="null"/>: <see cref="DefaultInstanceType"/>.</value></summary>
    public string? InstanceType { get; init; }

    /// <summary>Instances, 1 to 100. <value><see langword="null"/>: 1.</value></summary>
    public int? InstanceCount { get; init; }

    /// <summary>Storage volume per instance, 1 to 16384 GB. <value><see langword="null"/>: <see cref="DefaultVolumeSizeGb"/>.</value></summary>
    public int? VolumeSizeGb { get; init; }

    /// <summary>The longest one job may run (SageMaker's <c>MaxRuntimeInSeconds</c>).
    /// <value><see langword="null"/>: the step's timeout, else <see cref="DefaultMaxRuntime"/>.</value></summary>
    public TimeSpan? MaxRuntime { get; init; }

    /// <summary>The container image URI. <value><see langword="null"/>: the template's image parameter for the step's
    /// runner (<c>DotnetImage</c> for .NET and predict steps, <c>PythonImage</c> for Python steps, <c>CommandImage</c> for
    /// command steps).</value></summary>
    public string? Image { get; init; }
}
