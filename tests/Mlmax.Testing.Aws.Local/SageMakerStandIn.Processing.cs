using System.Text.Json.Nodes;

namespace Mlmax.Testing.Aws.Local;

/// <summary>Processing jobs: each input's objects into its <c>LocalPath</c>, each output's <c>LocalPath</c> files under its
/// <c>S3Uri</c> when the job succeeded.</summary>
public sealed partial class SageMakerStandIn
{
    private async Task<JsonObject> RunProcessingAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var name = JobName(request, "ProcessingJobName");
        var app = request["AppSpecification"] as JsonObject ?? throw new ArgumentException("AppSpecification is missing", nameof(request));
        var command = Strings(app["ContainerEntrypoint"]).Concat(Strings(app["ContainerArguments"])).ToList();
        if (command.Count == 0)
        {
            throw new ArgumentException("AppSpecification has no ContainerEntrypoint: the stand-in cannot know an image's own entry point", nameof(request));
        }

        var describe = (JsonObject)request.DeepClone();
        describe["ProcessingJobArn"] = Arn("processing-job", name);
        describe["CreationTime"] = Epoch(DateTimeOffset.UtcNow);
        using var job = JobFolders.Create(_work, name);
        foreach (var input in request["ProcessingInputs"] as JsonArray ?? [])
        {
            var s3 = input!["S3Input"] ?? throw new ArgumentException($"input {input["InputName"]}: only S3Input is supported", nameof(request));
            if (s3["S3DataType"]?.GetValue<string>() is not "S3Prefix" || s3["S3InputMode"]?.GetValue<string>() is not (null or "File"))
            {
                throw new ArgumentException($"input {input["InputName"]}: the stand-in reads S3Prefix inputs in File mode only", nameof(request));
            }

            var uri = S3Location.Parse(s3["S3Uri"]!.GetValue<string>());
            var count = await _s3.DownloadAsync(uri, job.Folder(s3["LocalPath"]!.GetValue<string>()), cancellationToken);
            _log($"{name}: input {input["InputName"]}: {count} object(s) from {uri}");
            if (count == 0)
            {
                return Ended(describe, "ProcessingJobStatus", $"ClientError: No S3 objects found under S3 URL \"{uri}\" given in input data source.");
            }
        }

        describe["ProcessingStartTime"] = Epoch(DateTimeOffset.UtcNow);
        var exit = await ContainerProcess.RunAsync(job, command, Environment(request), MaxRuntime(request), line => _log($"{name} | {line}"));
        if (exit != 0)
        {
            var reason = FailureReason(job, exit);
            describe["ExitMessage"] = reason;
            return Ended(describe, "ProcessingJobStatus", reason);
        }

        foreach (var output in request["ProcessingOutputConfig"]?["Outputs"] as JsonArray ?? [])
        {
            var s3 = output!["S3Output"] ?? throw new ArgumentException($"output {output["OutputName"]}: only S3Output is supported", nameof(request));
            var folder = job.Folder(s3["LocalPath"]!.GetValue<string>());
            var uri = S3Location.Parse(s3["S3Uri"]!.GetValue<string>());
            var keys = Directory.Exists(folder) ? await _s3.UploadDirectoryAsync(folder, uri, cancellationToken) : [];
            _log($"{name}: output {output["OutputName"]}: {keys.Count} object(s) to {uri}");
        }

        return Ended(describe, "ProcessingJobStatus", null);
    }

    /// <summary>The response of an ended job: <c>Completed</c>, or <c>Failed</c> with its reason.</summary>
    private static JsonObject Ended(JsonObject describe, string statusField, string? failureReason)
    {
        var now = DateTimeOffset.UtcNow;
        describe[statusField] = failureReason is null ? "Completed" : "Failed";
        if (failureReason is not null)
        {
            describe["FailureReason"] = failureReason;
        }

        describe[statusField == "ProcessingJobStatus" ? "ProcessingEndTime" : "TrainingEndTime"] = Epoch(now);
        describe["LastModifiedTime"] = Epoch(now);
        return describe;
    }
}
