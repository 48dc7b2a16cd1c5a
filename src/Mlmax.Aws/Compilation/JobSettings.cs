using Mlmax.Specs;

namespace Mlmax.Aws.Compilation;

/// <summary>A step's SageMaker job settings with the defaults filled in.</summary>
/// <param name="Image">The image URI, or a <c>${Parameter}</c> placeholder for the template's image parameter.</param>
/// <param name="ImageParameter">The template parameter naming the image, when the step names none.</param>
/// <param name="InstanceType">Instance type.</param>
/// <param name="InstanceCount">Instances.</param>
/// <param name="VolumeSizeGb">Volume per instance.</param>
/// <param name="MaxRuntimeSeconds">The longest run.</param>
internal sealed record JobSettings(string Image, string? ImageParameter, string InstanceType, int InstanceCount, int VolumeSizeGb, int MaxRuntimeSeconds)
{
    /// <summary>The image parameter of .NET and predict steps.</summary>
    public const string DotnetImage = "DotnetImage";

    /// <summary>The image parameter of Python steps.</summary>
    public const string PythonImage = "PythonImage";

    /// <summary>The image parameter of command steps.</summary>
    public const string CommandImage = "CommandImage";

    public static JobSettings Of(StepSpec step)
    {
        var aws = step.Aws ?? new AwsJobSpec();
        var parameter = aws.Image is null ? ImageParameterOf(step.Runner) : null;
        var runtime = aws.MaxRuntime ?? step.Timeout ?? AwsJobSpec.DefaultMaxRuntime;
        return new JobSettings(
            aws.Image ?? $"${{{parameter}}}",
            parameter,
            aws.InstanceType ?? AwsJobSpec.DefaultInstanceType,
            aws.InstanceCount ?? 1,
            aws.VolumeSizeGb ?? AwsJobSpec.DefaultVolumeSizeGb,
            (int)Math.Ceiling(runtime.TotalSeconds));
    }

    public static string ImageParameterOf(StepRunner runner) => runner switch
    {
        PythonRunner => PythonImage,
        CommandRunner => CommandImage,
        _ => DotnetImage,
    };
}
