using System.Text.Json.Serialization;

namespace Mlmax.Aws.Compilation;

/// <summary>
/// What <c>mlmax aws compile</c> wrote and what <c>mlmax aws deploy</c> must upload: the code packages, their
/// sources, the template's parameters and an example execution input.
/// </summary>
public sealed record CompileManifest
{
    /// <summary>The manifest format.</summary>
    [JsonPropertyName("format")]
    public int Format => 1;

    /// <summary>The project.</summary>
    [JsonPropertyName("project")]
    public required string Project { get; init; }

    /// <summary>The pipeline.</summary>
    [JsonPropertyName("pipeline")]
    public required string Pipeline { get; init; }

    /// <summary>The pipeline definition's version (its canonical form's hash).</summary>
    [JsonPropertyName("definition_version")]
    public required string DefinitionVersion { get; init; }

    /// <summary>The mlmax version the packages run.</summary>
    [JsonPropertyName("mlmax_version")]
    public required string MlmaxVersion { get; init; }

    /// <summary>The code version: the folder under <c>code/</c> the packages go to.</summary>
    [JsonPropertyName("code_version")]
    public required string CodeVersion { get; init; }

    /// <summary>The files written beside this manifest.</summary>
    [JsonPropertyName("files")]
    public required IReadOnlyDictionary<string, string> Files { get; init; }

    /// <summary>The code packages.</summary>
    [JsonPropertyName("packages")]
    public required IReadOnlyList<PackageEntry> Packages { get; init; }

    /// <summary>The state machine's name.</summary>
    [JsonPropertyName("state_machine")]
    public required string StateMachine { get; init; }

    /// <summary>Each step's SageMaker job: kind, image and instances.</summary>
    [JsonPropertyName("steps")]
    public required IReadOnlyDictionary<string, StepJobEntry> Steps { get; init; }

    /// <summary>The template parameters without a default: <c>mlmax aws deploy</c> needs a value for each.</summary>
    [JsonPropertyName("required_parameters")]
    public required IReadOnlyList<string> RequiredParameters { get; init; }

    /// <summary>An execution input: the definition's parameter defaults, and where each run-time input is uploaded.</summary>
    [JsonPropertyName("execution_input")]
    public required ExecutionInput ExecutionInput { get; init; }

    /// <summary>What <c>mlmax aws deploy</c> uploads for the schedules and watches, and the template parameter each fills; <see langword="null"/> when none.</summary>
    [JsonPropertyName("uploads")]
    public IReadOnlyList<UploadEntry>? Uploads { get; init; }
}

/// <summary>A code package.</summary>
/// <param name="Name">Its file name under the code version's folder.</param>
/// <param name="Contents">What it holds.</param>
public sealed record PackageEntry(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("contents")] string Contents)
{
    /// <summary>For packages made of project files: the files and their SHA-256.</summary>
    [JsonPropertyName("files")]
    public IReadOnlyDictionary<string, string>? Files { get; init; }

    /// <summary>For a file written by the compiler: its SHA-256.</summary>
    [JsonPropertyName("sha256")]
    public string? Sha256 { get; init; }
}

/// <summary>A step's SageMaker job.</summary>
/// <param name="Job"><c>processing</c> or <c>training</c>.</param>
/// <param name="Image">The image, or the template parameter naming it.</param>
/// <param name="InstanceType">The instance type.</param>
/// <param name="InstanceCount">Instances.</param>
/// <param name="VolumeSizeGb">Volume per instance.</param>
/// <param name="MaxRuntimeSeconds">The longest run.</param>
public sealed record StepJobEntry(
    [property: JsonPropertyName("job")] string Job,
    [property: JsonPropertyName("image")] string Image,
    [property: JsonPropertyName("instance_type")] string InstanceType,
    [property: JsonPropertyName("instance_count")] int InstanceCount,
    [property: JsonPropertyName("volume_size_gb")] int VolumeSizeGb,
    [property: JsonPropertyName("max_runtime_seconds")] int MaxRuntimeSeconds);

/// <summary>The input of an execution of the state machine.</summary>
/// <param name="Parameters">Parameter values; those left out take the definition's defaults.</param>
/// <param name="Inputs">Each run-time input's S3 URI.</param>
public sealed record ExecutionInput(
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, object?> Parameters,
    [property: JsonPropertyName("inputs")] IReadOnlyDictionary<string, string> Inputs)
{
    /// <summary>For predict steps: the S3 URI of the model bundle each model parameter names.</summary>
    [JsonPropertyName("models")]
    public IReadOnlyDictionary<string, string>? Models { get; init; }

    /// <summary>What started the execution, when a schedule or a watch did (see <see cref="ExecutionTrigger"/>).</summary>
    [JsonPropertyName("trigger")]
    public ExecutionTrigger? Trigger { get; init; }
}

/// <summary>
/// What started an execution through the pipeline's starter state machine: a schedule's slot or a watched object. The
/// starter names the execution by the SHA-256 of <c>KIND|SOURCE|DETAIL</c>, so one trigger starts one execution.
/// </summary>
/// <param name="Kind"><c>schedule</c> or <c>data</c>, as a local run's trigger.</param>
/// <param name="Source">The schedule or watch: <c>PIPELINE.NAME</c>.</param>
/// <param name="Detail">The slot (<c>2026-11-28T03:00:00Z</c>) or the object (<c>drops/a.csv (ETag 9b2c…)</c>).</param>
public sealed record ExecutionTrigger(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("detail")] string Detail);

/// <summary>
/// A template parameter <c>mlmax aws deploy</c> fills by uploading: a local file or folder a schedule or watch binds
/// an input to, or the model version a predict step of its executions scores with.
/// </summary>
/// <param name="Parameter">The template parameter: the S3 URI of what was uploaded.</param>
/// <param name="Trigger">The schedule or watch, as its definition key: <c>schedules.nightly</c>, <c>watches.drops</c>.</param>
/// <param name="Kind"><c>file</c> or <c>directory</c> (an input bound to a local path), <c>artifact</c> (an artifact input), or <c>model</c> (a model parameter).</param>
/// <param name="Name">The input or model parameter.</param>
/// <param name="Source">The local path (relative to the project root, or absolute); for an artifact input its binding (<c>run:RUN</c>,
/// an artifact id, or empty: the latest successful run of the pipeline it comes from); the model reference (<c>census@production</c>).</param>
public sealed record UploadEntry(
    [property: JsonPropertyName("parameter")] string Parameter,
    [property: JsonPropertyName("trigger")] string Trigger,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("source")] string Source);
