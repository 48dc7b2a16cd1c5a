using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mlmax.Identity;
using Mlmax.Specs;

namespace Mlmax.Execution;

/// <summary>The identity of a step run's work: code, runner, parameters, inputs, outputs and environment.</summary>
/// <param name="Code">Code file path to hash.</param>
/// <param name="Runner">The runner, as text.</param>
/// <param name="Parameters">Parameter values as text.</param>
/// <param name="Inputs">Input name to artifact id.</param>
/// <param name="Outputs">Output names.</param>
/// <param name="Environment">Environment facts.</param>
public sealed record CacheKeyParts(
    SortedDictionary<string, string> Code,
    string Runner,
    SortedDictionary<string, string> Parameters,
    SortedDictionary<string, string> Inputs,
    IReadOnlyList<string> Outputs,
    SortedDictionary<string, string> Environment)
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The canonical JSON of the parts.</summary>
    /// <returns>The JSON.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>The cache key: SHA-256 of <see cref="ToJson"/>.</summary>
    /// <returns>64 hex digits.</returns>
    public string Key() => Hashing.Sha256(ToJson());

    /// <summary>Reads parts written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The parts, or <see langword="null"/>.</returns>
    public static CacheKeyParts? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<CacheKeyParts>(json, Options);

    /// <summary>Describes a runner canonically.</summary>
    /// <param name="runner">The runner.</param>
    /// <returns>Its text.</returns>
    public static string Describe(StepRunner runner) => runner switch
    {
        DotnetRunner d => $"dotnet {d.TypeName}",
        PythonRunner p => new JsonArray(["python", p.Script, .. p.Arguments.Select(a => (JsonNode?)a)]).ToJsonString(),
        CommandRunner c => new JsonArray([.. c.Command.Select(a => (JsonNode?)a)]).ToJsonString(),
        PredictRunner => $"mlmax predict {typeof(CacheKeyParts).Assembly.GetName().Version}",
        _ => runner.ToString(),
    };

    /// <summary>Formats a parameter value for the key.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Its text, typed (strings quoted).</returns>
    public static string FormatValue(object value) =>
        value is string s ? JsonSerializer.Serialize(s) : StepWorkspace.FormatValue(value).ToString(CultureInfo.InvariantCulture);
}
