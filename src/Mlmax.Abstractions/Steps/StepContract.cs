using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mlmax.Steps;

/// <summary>
/// The step contract as data: what a step process is given. mlmax writes it as <c>mlmax-step.json</c> in the step's
/// working directory and passes the same facts as arguments and environment variables (see docs/step-contract.md).
/// </summary>
public sealed record StepContract
{
    /// <summary>The file name of the contract in a step's working directory.</summary>
    public const string FileName = "mlmax-step.json";

    /// <summary>The step's name.</summary>
    [JsonPropertyName("step")]
    public required string Step { get; init; }

    /// <summary>The run this step run belongs to (empty when run alone).</summary>
    [JsonPropertyName("run_id")]
    public string RunId { get; init; } = "";

    /// <summary>The step's working directory.</summary>
    [JsonPropertyName("working_directory")]
    public required string WorkingDirectory { get; init; }

    /// <summary>Input name to a directory holding the input's files.</summary>
    [JsonPropertyName("inputs")]
    public required IReadOnlyDictionary<string, string> Inputs { get; init; }

    /// <summary>Output name to an empty directory the step must fill.</summary>
    [JsonPropertyName("outputs")]
    public required IReadOnlyDictionary<string, string> Outputs { get; init; }

    /// <summary>Parameter name to its typed value.</summary>
    [JsonPropertyName("parameters")]
    public required IReadOnlyDictionary<string, JsonElement> Parameters { get; init; }

    /// <summary>Where the step may write its metrics as a flat JSON object of numbers.</summary>
    [JsonPropertyName("metrics_file")]
    public required string MetricsFile { get; init; }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Reads a contract file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The contract.</returns>
    public static StepContract Load(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<StepContract>(stream)
            ?? throw new InvalidDataException($"{path}: empty step contract");
    }

    /// <summary>Writes the contract as indented JSON.</summary>
    /// <param name="path">The file.</param>
    public void Save(string path) =>
        File.WriteAllText(path, JsonSerializer.Serialize(this, Indented));
}
