using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mlmax.Testing.Aws.Local;

/// <summary>A job the stand-in received: the task's resource, the request and its response (or the refusal).</summary>
/// <param name="Resource">The task's resource ARN.</param>
/// <param name="Request">The request.</param>
/// <param name="Response">The <c>Describe*Job</c> response; <see langword="null"/> when the request was refused.</param>
/// <param name="Error">Why the request was refused.</param>
public sealed record JobRecord(string Resource, JsonObject Request, JsonObject? Response, string? Error)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The job's status (<c>Completed</c>, <c>Failed</c>), or <see langword="null"/> when refused.</summary>
    public string? Status => Response?["ProcessingJobStatus"]?.GetValue<string>() ?? Response?["TrainingJobStatus"]?.GetValue<string>();

    /// <summary>The value of a container argument, e.g. <c>--step</c>.</summary>
    /// <param name="option">The option.</param>
    /// <returns>The argument after it, or <see langword="null"/>.</returns>
    public string? Argument(string option)
    {
        var specification = Request["AppSpecification"] ?? Request["AlgorithmSpecification"];
        var arguments = specification?["ContainerArguments"] as JsonArray ?? [];
        var list = arguments.Select(a => a!.GetValue<string>()).ToList();
        var at = list.IndexOf(option);
        return at >= 0 && at + 1 < list.Count ? list[at + 1] : null;
    }

    /// <summary>Appends a record to a folder as <c>NNN.json</c>, numbered in arrival order.</summary>
    /// <param name="directory">The folder.</param>
    /// <returns>The file written.</returns>
    public string AppendTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var json = new JsonObject
        {
            ["resource"] = Resource,
            ["request"] = Request.DeepClone(),
            ["response"] = Response?.DeepClone(),
            ["error"] = Error,
        }.ToJsonString(Indented);
        for (var n = Directory.GetFiles(directory, "*.json").Length + 1; ; n++)
        {
            var path = Path.Combine(directory, n.ToString("D3", CultureInfo.InvariantCulture) + ".json");
            try
            {
                using var file = new FileStream(path, FileMode.CreateNew);
                using var writer = new StreamWriter(file);
                writer.Write(json);
                return path;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Taken by a job that ended at the same time; try the next number.
            }
        }
    }

    /// <summary>Reads the records of a folder in arrival order.</summary>
    /// <param name="directory">The folder.</param>
    /// <returns>The records (none when the folder does not exist).</returns>
    public static IReadOnlyList<JobRecord> ReadAll(string directory) =>
        !Directory.Exists(directory)
            ? []
            : [.. Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).Select(f =>
            {
                var node = JsonNode.Parse(File.ReadAllText(f))!.AsObject();
                return new JobRecord(
                    node["resource"]!.GetValue<string>(),
                    node["request"]!.AsObject(),
                    node["response"] as JsonObject,
                    node["error"]?.GetValue<string>());
            })];
}
