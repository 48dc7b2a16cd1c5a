using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon.S3;

namespace Mlmax.Testing.Aws.Local;

/// <summary>
/// Does what SageMaker does with a <c>CreateProcessingJob</c> or <c>CreateTrainingJob</c> request, on this machine:
/// copies each S3 input into the job's folders, runs the container's entry point as a local process, uploads the
/// outputs where SageMaker would, and answers with the <c>Describe*Job</c> response of the ended job. S3 is whatever
/// the client points at (an S3-compatible test server). For tests only.
/// </summary>
public sealed partial class SageMakerStandIn
{
    /// <summary>The account in the ARNs it makes up.</summary>
    public const string Account = "000000000000";

    /// <summary>The region in the ARNs it makes up.</summary>
    public const string Region = "us-east-1";

    private readonly S3Transfer _s3;
    private readonly string _work;
    private readonly Action<string> _log;

    /// <summary>Creates the stand-in.</summary>
    /// <param name="client">The S3 client (an S3-compatible server's endpoint).</param>
    /// <param name="work">Where job folders are made (each deleted when its job ends).</param>
    /// <param name="log">Receives the jobs' progress and the containers' output.</param>
    public SageMakerStandIn(IAmazonS3 client, string work, Action<string> log)
    {
        _s3 = new S3Transfer(client);
        _work = work;
        _log = log;
    }

    /// <summary>Runs a job to its end.</summary>
    /// <param name="resource">The task's resource: <c>arn:aws:states:::sagemaker:createProcessingJob.sync</c> or
    /// <c>...createTrainingJob.sync</c>.</param>
    /// <param name="request">The request, as the task's <c>Parameters</c> made it.</param>
    /// <param name="cancellationToken">Cancels the transfers.</param>
    /// <returns>The <c>Describe*Job</c> response: the request's fields with the job's ARN, status, times and (when it
    /// failed) <c>FailureReason</c>.</returns>
    /// <exception cref="ArgumentException">The request is one SageMaker would refuse (the message says why).</exception>
    public Task<JsonObject> RunAsync(string resource, JsonObject request, CancellationToken cancellationToken)
    {
        var unresolved = request.ToJsonString().Contains("${", StringComparison.Ordinal);
        if (unresolved)
        {
            throw new ArgumentException("the request still holds a ${...} placeholder (a definition substitution was not applied)", nameof(request));
        }

        return resource switch
        {
            "arn:aws:states:::sagemaker:createProcessingJob.sync" => RunProcessingAsync(request, cancellationToken),
            "arn:aws:states:::sagemaker:createTrainingJob.sync" => RunTrainingAsync(request, cancellationToken),
            _ => throw new ArgumentException($"resource {resource} is not a SageMaker job the stand-in runs", nameof(resource)),
        };
    }

    private static string JobName(JsonObject request, string field)
    {
        var name = request[field]?.GetValue<string>() ?? throw new ArgumentException($"{field} is missing", nameof(request));
        return JobNamePattern().IsMatch(name)
            ? name
            : throw new ArgumentException($"{field} '{name}' is not a valid job name (1 to 63 letters, digits and single hyphens)", nameof(request));
    }

    private static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(n => n!.GetValue<string>())] : [];

    private static IReadOnlyDictionary<string, string> Environment(JsonObject request) =>
        request["Environment"] is JsonObject environment
            ? environment.ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal)
            : new Dictionary<string, string>();

    private static TimeSpan MaxRuntime(JsonObject request) =>
        TimeSpan.FromSeconds(request["StoppingCondition"]?["MaxRuntimeInSeconds"]?.GetValue<int>() ?? 86400);

    private static string Arn(string kind, string name) => $"arn:aws:sagemaker:{Region}:{Account}:{kind}/{name}";

    private static double Epoch(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>The reason SageMaker reports for a container that failed: the text it wrote to
    /// <c>/opt/ml/output/failure</c>, else its exit code.</summary>
    private static string FailureReason(JobFolders job, int? exitCode)
    {
        if (exitCode is null)
        {
            return "MaxRuntimeExceeded: the job ran longer than its stopping condition";
        }

        var file = Path.Combine(job.SageMaker, "output", "failure");
        var text = File.Exists(file) ? File.ReadAllText(file).Trim() : string.Empty;
        return text.Length > 0
            ? $"AlgorithmError: {text}"
            : string.Create(CultureInfo.InvariantCulture, $"AlgorithmError: the container exited with code {exitCode}");
    }

    [GeneratedRegex("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")]
    private static partial Regex JobNamePattern();
}
