using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mlmax.Testing.Aws.Local;

/// <summary>Training jobs: each channel's objects into <c>/opt/ml/input/data/CHANNEL</c>; when the job succeeded,
/// <c>/opt/ml/model</c> as <c>S3OutputPath/JOB/output/model.tar.gz</c> and <c>/opt/ml/output/data</c> as
/// <c>.../output/output.tar.gz</c>.</summary>
public sealed partial class SageMakerStandIn
{
    private async Task<JsonObject> RunTrainingAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var name = JobName(request, "TrainingJobName");
        var algorithm = request["AlgorithmSpecification"] as JsonObject ?? throw new ArgumentException("AlgorithmSpecification is missing", nameof(request));
        var command = Strings(algorithm["ContainerEntrypoint"]).Concat(Strings(algorithm["ContainerArguments"])).ToList();
        if (command.Count == 0)
        {
            throw new ArgumentException("AlgorithmSpecification has no ContainerEntrypoint: the stand-in cannot know an image's own entry point", nameof(request));
        }

        var output = S3Location.Parse(request["OutputDataConfig"]?["S3OutputPath"]?.GetValue<string>()
            ?? throw new ArgumentException("OutputDataConfig.S3OutputPath is missing", nameof(request))).Child($"{name}/output");
        var describe = (JsonObject)request.DeepClone();
        describe["TrainingJobArn"] = Arn("training-job", name);
        describe["CreationTime"] = Epoch(DateTimeOffset.UtcNow);
        using var job = JobFolders.Create(_work, name);
        var channels = new JsonObject();
        foreach (var channel in request["InputDataConfig"] as JsonArray ?? [])
        {
            var channelName = channel!["ChannelName"]!.GetValue<string>();
            var s3 = channel["DataSource"]?["S3DataSource"] ?? throw new ArgumentException($"channel {channelName}: only S3DataSource is supported", nameof(request));
            if (s3["S3DataType"]?.GetValue<string>() is not "S3Prefix" || channel["InputMode"]?.GetValue<string>() is not (null or "File"))
            {
                throw new ArgumentException($"channel {channelName}: the stand-in reads S3Prefix channels in File mode only", nameof(request));
            }

            var uri = S3Location.Parse(s3["S3Uri"]!.GetValue<string>());
            var count = await _s3.DownloadAsync(uri, job.Folder($"{ContainerProcess.ContainerRoot}/input/data/{channelName}"), cancellationToken);
            _log($"{name}: channel {channelName}: {count} object(s) from {uri}");
            if (count == 0)
            {
                return Ended(describe, "TrainingJobStatus", $"ClientError: No S3 objects found under S3 URL \"{uri}\" given in input data source.");
            }

            channels[channelName] = new JsonObject { ["TrainingInputMode"] = "File", ["S3DistributionType"] = "FullyReplicated", ["RecordWrapperType"] = "None" };
        }

        WriteConfig(job, "hyperparameters.json", request["HyperParameters"]?.DeepClone() ?? new JsonObject());
        WriteConfig(job, "inputdataconfig.json", channels);
        WriteConfig(job, "resourceconfig.json", new JsonObject { ["current_host"] = "algo-1", ["hosts"] = new JsonArray("algo-1") });
        var model = job.Folder($"{ContainerProcess.ContainerRoot}/model");
        var data = job.Folder($"{ContainerProcess.ContainerRoot}/output/data");
        Directory.CreateDirectory(model);
        Directory.CreateDirectory(data);

        var started = DateTimeOffset.UtcNow;
        describe["TrainingStartTime"] = Epoch(started);
        var exit = await ContainerProcess.RunAsync(job, command, Environment(request), MaxRuntime(request), line => _log($"{name} | {line}"));
        var seconds = (int)Math.Ceiling((DateTimeOffset.UtcNow - started).TotalSeconds);
        describe["TrainingTimeInSeconds"] = seconds;
        describe["BillableTimeInSeconds"] = seconds;
        if (exit != 0)
        {
            describe["SecondaryStatus"] = exit is null ? "MaxRuntimeExceeded" : "Failed";
            return Ended(describe, "TrainingJobStatus", FailureReason(job, exit));
        }

        var modelArchive = output.Child("model.tar.gz");
        await UploadArchiveAsync(model, modelArchive, job, cancellationToken);
        _log($"{name}: model to {modelArchive}");
        if (Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).Any())
        {
            await UploadArchiveAsync(data, output.Child("output.tar.gz"), job, cancellationToken);
            _log($"{name}: output data to {output.Child("output.tar.gz")}");
        }

        describe["SecondaryStatus"] = "Completed";
        describe["ModelArtifacts"] = new JsonObject { ["S3ModelArtifacts"] = modelArchive.ToString() };
        return Ended(describe, "TrainingJobStatus", null);
    }

    private static void WriteConfig(JobFolders job, string name, JsonNode content)
    {
        var folder = job.Folder($"{ContainerProcess.ContainerRoot}/input/config");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name), content.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>A folder's files as a <c>.tar.gz</c> whose entries are relative to the folder, as SageMaker packs them.</summary>
    private async Task UploadArchiveAsync(string folder, S3Location target, JobFolders job, CancellationToken cancellationToken)
    {
        var archive = Path.Combine(job.Root, Path.GetFileName(target.Key));
        await using (var file = File.Create(archive))
        {
            await using var gzip = new GZipStream(file, CompressionLevel.Optimal);
            await TarFile.CreateFromDirectoryAsync(folder, gzip, includeBaseDirectory: false, cancellationToken);
        }

        await _s3.UploadFileAsync(archive, target, cancellationToken);
    }
}
