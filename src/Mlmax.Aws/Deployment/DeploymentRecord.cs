using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mlmax.Aws.Deployment;

/// <summary>
/// What <c>mlmax aws deploy</c> remembers of a pipeline's deployment, in <c>.mlmax/aws/PIPELINE.json</c>, so that
/// <c>mlmax aws run</c> and <c>status</c> need no flags: the stack, region, bucket and key, the code and definition
/// deployed, and the stack's outputs. It holds no secret.
/// </summary>
public sealed record DeploymentRecord
{
    private static readonly JsonSerializerOptions Options = new(AwsJson.Options);

    /// <summary>The record's format.</summary>
    [JsonPropertyName("format")]
    public int Format { get; init; } = 1;

    /// <summary>The project.</summary>
    [JsonPropertyName("project")]
    public required string Project { get; init; }

    /// <summary>The pipeline.</summary>
    [JsonPropertyName("pipeline")]
    public required string Pipeline { get; init; }

    /// <summary>The stack's name.</summary>
    [JsonPropertyName("stack_name")]
    public required string StackName { get; init; }

    /// <summary>The stack's id (ARN).</summary>
    [JsonPropertyName("stack_id")]
    public required string StackId { get; init; }

    /// <summary>The region.</summary>
    [JsonPropertyName("region")]
    public required string Region { get; init; }

    /// <summary>The bucket of code and run data.</summary>
    [JsonPropertyName("bucket")]
    public required string Bucket { get; init; }

    /// <summary>The prefix of this project's objects in the bucket.</summary>
    [JsonPropertyName("prefix")]
    public required string Prefix { get; init; }

    /// <summary>The KMS key uploads are encrypted with.</summary>
    [JsonPropertyName("kms_key_arn")]
    public required string KmsKeyArn { get; init; }

    /// <summary>The stack's template parameter values (bucket, key, subnets, security groups, images...): a later
    /// deployment takes those it is not given.</summary>
    [JsonPropertyName("parameters")]
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>The code version deployed.</summary>
    [JsonPropertyName("code_version")]
    public required string CodeVersion { get; init; }

    /// <summary>The definition version deployed.</summary>
    [JsonPropertyName("definition_version")]
    public required string DefinitionVersion { get; init; }

    /// <summary>The deployed definition's canonical JSON: runs are planned and recorded with it, whatever the YAML says now.</summary>
    [JsonPropertyName("definition")]
    public required string DefinitionJson { get; init; }

    /// <summary>The project files the deployed code was made from, with their SHA-256.</summary>
    [JsonPropertyName("code_files")]
    public required IReadOnlyDictionary<string, string> CodeFiles { get; init; }

    /// <summary>The stack's outputs.</summary>
    [JsonPropertyName("outputs")]
    public required IReadOnlyDictionary<string, string> Outputs { get; init; }

    /// <summary>When it was deployed.</summary>
    [JsonPropertyName("deployed_at")]
    public required DateTimeOffset DeployedAt { get; init; }

    /// <summary>The state machine executions start on.</summary>
    [JsonIgnore]
    public string StateMachineArn => Outputs.TryGetValue("StateMachineArn", out var arn) ? arn
        : throw new InvalidDataException($"the deployment of {Pipeline} has no StateMachineArn output: deploy it again");

    /// <summary>The file of a pipeline's deployment.</summary>
    /// <param name="stateDirectory">The project's <c>.mlmax</c> folder.</param>
    /// <param name="pipeline">The pipeline.</param>
    /// <returns>The path.</returns>
    public static string PathFor(string stateDirectory, string pipeline) => Path.Combine(stateDirectory, "aws", pipeline + ".json");

    /// <summary>Whether any pipeline of the project has been deployed from this machine.</summary>
    /// <param name="stateDirectory">The project's <c>.mlmax</c> folder.</param>
    /// <returns><see langword="true"/> when a deployment file exists.</returns>
    public static bool AnyIn(string stateDirectory) =>
        Directory.Exists(Path.Combine(stateDirectory, "aws")) && Directory.EnumerateFiles(Path.Combine(stateDirectory, "aws"), "*.json").Any();

    /// <summary>Reads a deployment, if there is one.</summary>
    /// <param name="path">Its file.</param>
    /// <returns>The deployment, or <see langword="null"/>.</returns>
    /// <exception cref="InvalidDataException">The file is not a deployment record.</exception>
    public static DeploymentRecord? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<DeploymentRecord>(File.ReadAllText(path), Options)
                ?? throw new InvalidDataException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a deployment record ({e.Message}): deploy the pipeline again", e);
        }
    }

    /// <summary>Writes the record atomically.</summary>
    /// <param name="path">Its file.</param>
    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Options) + "\n", new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }
}
