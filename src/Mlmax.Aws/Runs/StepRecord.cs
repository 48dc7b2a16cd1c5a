using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mlmax.Aws.Runs;

/// <summary>
/// The record <c>mlmax aws container</c> writes for each step it ran in a SageMaker job (<c>mlmax/step.json</c>): what
/// ran, with which parameters, the metrics, every output file's SHA-256, and the job's environment.
/// </summary>
public sealed record StepRecord
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = false };

    /// <summary>The pipeline.</summary>
    [JsonPropertyName("pipeline")]
    public string Pipeline { get; init; } = "";

    /// <summary>The step.</summary>
    [JsonPropertyName("step")]
    public string Step { get; init; } = "";

    /// <summary>The run.</summary>
    [JsonPropertyName("run")]
    public string Run { get; init; } = "";

    /// <summary><c>processing</c> or <c>training</c>.</summary>
    [JsonPropertyName("job")]
    public string Job { get; init; } = "";

    /// <summary>The definition version the job ran.</summary>
    [JsonPropertyName("definition_version")]
    public string DefinitionVersion { get; init; } = "";

    /// <summary>The step's parameter values.</summary>
    [JsonPropertyName("parameters")]
    public Dictionary<string, JsonElement> Parameters { get; init; } = [];

    /// <summary>The metrics the step reported.</summary>
    [JsonPropertyName("metrics")]
    public Dictionary<string, double> Metrics { get; init; } = [];

    /// <summary>Each output's files: relative path to SHA-256.</summary>
    [JsonPropertyName("outputs")]
    public Dictionary<string, Dictionary<string, string>> Outputs { get; init; } = [];

    /// <summary>The job's environment (mlmax, .NET, OS, host).</summary>
    [JsonPropertyName("environment")]
    public Dictionary<string, string> Environment { get; init; } = [];

    /// <summary>When the step started in the job.</summary>
    [JsonPropertyName("started")]
    public DateTimeOffset? Started { get; init; }

    /// <summary>When it ended.</summary>
    [JsonPropertyName("ended")]
    public DateTimeOffset? Ended { get; init; }

    /// <summary>Reads a record.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The record.</returns>
    /// <exception cref="InvalidDataException">It is not a step record.</exception>
    public static StepRecord Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<StepRecord>(File.ReadAllText(path), Options) ?? throw new InvalidDataException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a step record: {e.Message}", e);
        }
    }
}
