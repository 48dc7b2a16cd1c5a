using Mlmax.Specs;

namespace Mlmax.Aws.Compilation;

/// <summary>
/// Where SageMaker puts a job's data in its container, and the names mlmax reserves there. These are the paths the
/// step contract already follows (docs/step-contract.md), so step code runs unchanged.
/// </summary>
public static class ContainerLayout
{
    /// <summary>The input carrying mlmax's code packages (bootstrap, runtime, project, steps).</summary>
    public const string CodeInput = "mlmax_code";

    /// <summary>The input carrying the model bundle of a predict step.</summary>
    public const string ModelInput = "mlmax_model";

    /// <summary>The output carrying the step's record: metrics, environment and code hashes.</summary>
    public const string RecordOutput = "mlmax";

    /// <summary>Names a step may not use for its inputs and outputs.</summary>
    public static IReadOnlyList<string> Reserved { get; } = [CodeInput, ModelInput, RecordOutput];

    /// <summary>The folder of a job's input <paramref name="name"/>.</summary>
    /// <param name="job">The job kind.</param>
    /// <param name="name">The input (channel) name.</param>
    /// <returns>The container path.</returns>
    public static string Input(AwsJobKind job, string name) =>
        job == AwsJobKind.Training ? $"/opt/ml/input/data/{name}" : $"/opt/ml/processing/input/{name}";

    /// <summary>The folder a processing job's output <paramref name="name"/> is uploaded from.</summary>
    /// <param name="name">The output name.</param>
    /// <returns>The container path.</returns>
    public static string ProcessingOutput(string name) => $"/opt/ml/processing/output/{name}";

    /// <summary>The program every job starts: the bootstrap script of the code package, run by <c>/bin/sh</c>.</summary>
    /// <param name="job">The job kind.</param>
    /// <returns>The entry point.</returns>
    public static IReadOnlyList<string> Entrypoint(AwsJobKind job) => ["/bin/sh", $"{Input(job, CodeInput)}/{CodePackage.Bootstrap}"];
}
