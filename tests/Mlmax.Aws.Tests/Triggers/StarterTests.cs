using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mlmax.Aws.CloudFormation;
using Mlmax.Aws.Compilation;
using Mlmax.Definitions;
using Mlmax.Specs;
using Mlmax.Testing.Aws;

namespace Mlmax.Aws.Tests.Triggers;

/// <summary>
/// The starter of schedules and watches run by tools/aws-local/run.mjs (aws-local-stepfunctions), its
/// startExecution standing for Step Functions' (a second start of one name is refused): a slot or an object delivered
/// twice starts one execution, and the execution it starts is one the pipeline's state machine runs.
/// </summary>
public sealed class StarterTests : IDisposable
{
    private const string MachineArn = "arn:aws:states:us-east-1:000000000000:stateMachine:mlmax-census-training";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mlmax-starter-" + Guid.NewGuid().ToString("N")[..10]);

    public StarterTests() => Directory.CreateDirectory(_dir);

    private string Executions => Path.Combine(_dir, "executions.json");

    private static CompiledPipeline Compile(PipelineSchedule[] schedules, PipelineWatch[] watches)
    {
        var root = Repository.CensusTemplate;
        var settings = new ProjectLoader().Load(Path.Combine(root, "mlmax.yaml"));
        var file = Path.Combine("pipelines", "training.yaml");
        return new PipelineCompiler(root, settings).Compile(new PipelineLoader().Load(Path.Combine(root, file)) with { Schedules = schedules, Watches = watches }, file);
    }

    /// <summary>What EventBridge's input transformer does: each placeholder of the template replaced by the value its path selects in the event.</summary>
    private static string Transform(EventsInputTransformer transformer, JsonNode @event)
    {
        var text = (string)transformer.InputTemplate;
        foreach (var (name, path) in transformer.InputPathsMap)
        {
            var node = path[2..].Split('.').Aggregate(@event, (n, p) => n[p]!);
            var encoded = JsonEncodedText.Encode(node.GetValue<string>(), JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value;
            text = text.Replace($"<{name}>", encoded, StringComparison.Ordinal);
        }

        return text;
    }

    private static JsonNode ObjectCreated(string bucket, string key, string etag) => JsonNode.Parse($$"""
        {
          "version": "0", "id": "{{Guid.NewGuid()}}", "detail-type": "Object Created", "source": "aws.s3",
          "account": "000000000000", "time": "2026-11-28T09:00:00Z", "region": "us-east-1", "resources": ["arn:aws:s3:::{{bucket}}"],
          "detail": { "version": "0", "bucket": { "name": "{{bucket}}" }, "object": { "key": "{{key}}", "size": 1200, "etag": "{{etag}}", "sequencer": "0064D3901D00059242" },
                      "request-id": "XRRTKJXSZQCWNQR1", "requester": "000000000000", "reason": "PutObject" }
        }
        """)!;

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private async Task<(JsonObject Report, JsonArray Started)> StartAsync(CompiledPipeline compiled, string input, string name)
    {
        var definition = Path.Combine(_dir, "starter.asl.json");
        AwsJson.Write(definition, compiled.Starter!);
        var report = await RunAsync(definition, new Dictionary<string, string> { ["StateMachineArn"] = MachineArn }, input, name, ["--executions", Executions]);
        return (report, JsonNode.Parse(File.ReadAllText(Executions))!.AsArray());
    }

    private async Task<JsonObject> RunAsync(string definition, Dictionary<string, string> substitutions, string input, string name, IEnumerable<string> more)
    {
        var substitutionsFile = Path.Combine(_dir, $"{name}.substitutions.json");
        var inputFile = Path.Combine(_dir, $"{name}.input.json");
        await File.WriteAllTextAsync(substitutionsFile, JsonSerializer.Serialize(substitutions));
        await File.WriteAllTextAsync(inputFile, input);
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[AwsLocal.RunScript, "--definition", definition, "--substitutions", substitutionsFile, "--input", inputFile, "--name", name, .. more])
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode is 0 or 1, $"run.mjs exit {process.ExitCode}\n{await stdout}\n{await stderr}");
        return JsonNode.Parse(await stdout)!.AsObject();
    }

    private static IReadOnlyList<string> States(JsonObject report) => [.. report["states"]!.AsArray().Select(s => s!.GetValue<string>())];

    [Fact]
    public async Task Watch_ObjectDeliveredTwice_OneExecutionNamedByTheObjectThatTheStateMachineRuns()
    {
        var compiled = Compile([], [new PipelineWatch("drops", "s3://census-data/drops", "raw") { Pattern = "*.csv", Parameters = new Dictionary<string, string> { ["seed"] = "3" } }]);
        var rule = (EventsRuleProperties)compiled.Template.Resources["WatchDrops"].Properties;
        var input = Transform(rule.Targets[0].InputTransformer, ObjectCreated("census-data", "drops/day-1.csv", "9b2cf535f27731c974343645a3985328"));

        var (first, started) = await StartAsync(compiled, input, "event-1");
        var (again, startedAgain) = await StartAsync(compiled, input, "event-1-redelivered");

        Assert.Equal("SUCCEEDED", first["status"]!.GetValue<string>());
        Assert.Equal(["Start"], States(first));
        var execution = Assert.Single(started)!;
        Assert.Equal(MachineArn, execution["StateMachineArn"]!.GetValue<string>());
        Assert.Equal(Sha256("data|training.drops|drops/day-1.csv (ETag 9b2cf535f27731c974343645a3985328)"), execution["Name"]!.GetValue<string>());
        var executionInput = execution["Input"]!;
        Assert.Equal("s3://census-data/drops/day-1.csv", executionInput["inputs"]!["raw"]!.GetValue<string>());
        Assert.Equal(3, executionInput["parameters"]!["seed"]!.GetValue<int>());
        Assert.Equal("training.drops", executionInput["trigger"]!["source"]!.GetValue<string>());
        Assert.Equal("SUCCEEDED", again["status"]!.GetValue<string>());
        Assert.Equal(["Start", PipelineCompiler.StarterDuplicateState], States(again));
        Assert.Single(startedAgain);

        // The same key written again is another object (another ETag): another execution.
        var (_, afterRewrite) = await StartAsync(compiled, Transform(rule.Targets[0].InputTransformer, ObjectCreated("census-data", "drops/day-1.csv", "0f343b0931126a20f133d67c2b018a3b")), "event-2");
        Assert.Equal(2, afterRewrite.Count);

        // The started execution's input is one the pipeline's state machine takes: its first job reads the object.
        compiled.WriteTo(_dir);
        var request = Path.Combine(_dir, "request.json");
        var standIn = new[] { "sh", "-c", $"cat > '{request}'; echo '{{\"ProcessingJobName\":\"preprocess-1\",\"ProcessingJobStatus\":\"Failed\",\"FailureReason\":\"stopped by the test\"}}'" };
        var run = await RunAsync(Path.Combine(_dir, "training.asl.json"), new Dictionary<string, string>
        {
            ["ArtifactBucket"] = "census-artifacts", ["ArtifactPrefix"] = "mlmax/census", ["CodeVersion"] = compiled.Manifest.CodeVersion,
            ["KmsKeyArn"] = "arn:aws:kms:us-east-1:000000000000:key/local", ["SageMakerRoleArn"] = "arn:aws:iam::000000000000:role/local",
            ["Subnets"] = "subnet-1", ["SecurityGroups"] = "sg-1", ["DotnetImage"] = "local/dotnet:1",
        }, executionInput.ToJsonString(), execution["Name"]!.GetValue<string>(), ["--sagemaker", JsonSerializer.Serialize(standIn)]);

        Assert.Equal("FAILED", run["status"]!.GetValue<string>());
        Assert.Contains("stopped by the test", run["error"]!["cause"]!.GetValue<string>(), StringComparison.Ordinal);
        var job = JsonNode.Parse(File.ReadAllText(request))!["request"]!;
        var raw = job["ProcessingInputs"]!.AsArray().Single(i => i!["InputName"]!.GetValue<string>() == "raw")!;
        Assert.Equal("s3://census-data/drops/day-1.csv", raw["S3Input"]!["S3Uri"]!.GetValue<string>());
        Assert.Contains($"runs/{execution["Name"]!.GetValue<string>()}/", job.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schedule_SlotDeliveredTwice_OneExecutionPerSlot()
    {
        var compiled = Compile(
            [new PipelineSchedule("nightly", "0 3 * * *") { Inputs = new Dictionary<string, string> { ["raw"] = "s3://census-data/incoming/census.csv" } }], []);
        var schedule = (ScheduleProperties)compiled.Template.Resources["ScheduleNightly"].Properties;
        string Slot(string time) => ((string)schedule.Target.Input).Replace("<aws.scheduler.scheduled-time>", time, StringComparison.Ordinal);

        await StartAsync(compiled, Slot("2026-11-28T03:00:00Z"), "slot-1");
        var (retried, _) = await StartAsync(compiled, Slot("2026-11-28T03:00:00Z"), "slot-1-retried");
        var (_, started) = await StartAsync(compiled, Slot("2026-11-29T03:00:00Z"), "slot-2");

        Assert.Equal(["Start", PipelineCompiler.StarterDuplicateState], States(retried));
        Assert.Equal(
            [Sha256("schedule|training.nightly|2026-11-28T03:00:00Z"), Sha256("schedule|training.nightly|2026-11-29T03:00:00Z")],
            started.Select(s => s!["Name"]!.GetValue<string>()));
        Assert.Equal("2026-11-29T03:00:00Z", started[1]!["Input"]!["trigger"]!["detail"]!.GetValue<string>());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
