namespace Mlmax.Aws.Runs;

/// <summary>
/// The object keys of one execution's data under a deployment's prefix, as the compiled state machine lays them out
/// (see <c>Compilation/S3Locations</c>): inputs under <c>runs/RUN/inputs/NAME/</c>, a processing step's outputs under
/// <c>runs/RUN/STEP/OUTPUT/</c> with its record in <c>runs/RUN/STEP/mlmax/step.json</c>, a training step's archives
/// under <c>runs/RUN/STEP/JOB/output/</c>.
/// </summary>
/// <param name="Prefix">The deployment's prefix, without trailing slash.</param>
/// <param name="Run">The run (the execution's name).</param>
public sealed record RunLocations(string Prefix, string Run)
{
    /// <summary>The record a step writes beside its outputs.</summary>
    public const string RecordFile = "step.json";

    /// <summary>The folder of the record output.</summary>
    public const string RecordOutput = Compilation.ContainerLayout.RecordOutput;

    /// <summary>The folder of one run.</summary>
    public string Root => $"{Prefix}/runs/{Run}/";

    /// <summary>The folder of a pipeline input.</summary>
    /// <param name="input">The input.</param>
    /// <returns>The key prefix, ending in <c>/</c>.</returns>
    public string Input(string input) => $"{Root}inputs/{input}/";

    /// <summary>The folder of a processing step's output.</summary>
    /// <param name="step">The step.</param>
    /// <param name="output">The output.</param>
    /// <returns>The key prefix, ending in <c>/</c>.</returns>
    public string ProcessingOutput(string step, string output) => $"{Root}{step}/{output}/";

    /// <summary>A processing step's record.</summary>
    /// <param name="step">The step.</param>
    /// <returns>The key.</returns>
    public string ProcessingRecord(string step) => $"{ProcessingOutput(step, RecordOutput)}{RecordFile}";

    /// <summary>A training job's archive: <c>model.tar.gz</c> (the <c>model</c> output) or <c>output.tar.gz</c> (the other
    /// outputs, one folder each, and the record in <c>mlmax/step.json</c>).</summary>
    /// <param name="step">The step.</param>
    /// <param name="job">The training job's name.</param>
    /// <param name="archive"><c>model.tar.gz</c> or <c>output.tar.gz</c>.</param>
    /// <returns>The key.</returns>
    public string TrainingArchive(string step, string job, string archive) => $"{Root}{step}/{job}/output/{archive}";

    /// <summary>Where a model version's bundle is uploaded for predict steps.</summary>
    /// <param name="prefix">The deployment's prefix.</param>
    /// <param name="model">The model's name.</param>
    /// <param name="version">The version.</param>
    /// <returns>The key prefix, ending in <c>/</c>.</returns>
    public static string Model(string prefix, string model, int version) =>
        $"{prefix}/models/{model}/{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}/";
}
