using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Mlmax.Definitions;
using Mlmax.Specs;
using Mlmax.Testing.S3;
using Xunit.Abstractions;

namespace Mlmax.Cli.Tests.Aws;

/// <summary>The S3 test server and a runtime package cache shared by the tests of one class.</summary>
public sealed class AwsLocalFixture : IAsyncLifetime
{
    private S3Server? _server;

    public S3Server Server => _server ?? throw new InvalidOperationException("the S3 test server did not start");

    /// <summary>Built once for the class: the runtime package (mlmax with its .NET) takes a while to compress.</summary>
    public string RuntimeCache { get; } = Path.Combine(Path.GetTempPath(), "mlmax-runtime-cache-" + Guid.NewGuid().ToString("N")[..10]);

    public async Task InitializeAsync() => _server = await S3Server.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (Directory.Exists(RuntimeCache))
        {
            Directory.Delete(RuntimeCache, recursive: true);
        }
    }
}

/// <summary>
/// The compiled census state machine run on this machine (tools/aws-local/run.mjs on aws-local-stepfunctions, each
/// SageMaker job done by a local stand-in against an S3 test server, the code packages built by CodePackager): the
/// same outputs, byte for byte, as <c>mlmax run</c>; and a failing step retried, caught and reported as SageMaker would.
/// </summary>
public sealed class AwsLocalRunTests(AwsLocalFixture fixture, ITestOutputHelper output) : IClassFixture<AwsLocalFixture>
{
    private static async Task<TempProject> CensusAsync()
    {
        var p = new TempProject();
        var init = await CliProcess.RunAsync(Path.GetTempPath(), "init", p.Root, "--template", "census");
        Assert.True(init.ExitCode == 0, init.ToString());
        return p;
    }

    private async Task<string> UploadRawAsync(LocalStateMachine machine, TempProject p, string run)
    {
        var raw = machine.At($"runs/{run}/inputs/raw/census-income-sample.csv");
        await machine.Transfer.UploadFileAsync(p.PathOf("data/census-income-sample.csv"), raw, CancellationToken.None);
        return raw.ToString();
    }

    private static Dictionary<string, string> Hashes(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f).Replace('\\', '/'), f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))));

    private static string Extract(string archive)
    {
        var directory = archive + ".d";
        if (Directory.Exists(directory))
        {
            return directory;
        }

        Directory.CreateDirectory(directory);
        using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        TarFile.ExtractToDirectory(gzip, directory, overwriteFiles: false);
        return directory;
    }

    private static SortedDictionary<string, double> Metrics(JsonNode? metrics) =>
        new(metrics is JsonObject m ? m.ToDictionary(p => p.Key, p => p.Value!.GetValue<double>()) : [], StringComparer.Ordinal);

    [Fact]
    public async Task StateMachine_CensusTraining_SameOutputsAndMetricsAsLocalRun()
    {
        var clock = Stopwatch.StartNew();
        using var p = await CensusAsync();
        var local = await p.RunAsync("run", "training", "--json");
        Assert.True(local.ExitCode == 0, local.ToString());
        var localRun = local.Json.GetProperty("run").GetString()!;
        var localSteps = local.Json.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!);
        output.WriteLine($"local run: {clock.Elapsed.TotalSeconds:0}s");

        using var machine = await LocalStateMachine.DeployAsync(p.Root, "training", fixture.Server, fixture.RuntimeCache, output.WriteLine);
        output.WriteLine($"compiled, packaged and uploaded: {clock.Elapsed.TotalSeconds:0}s");
        const string run = "parity-1";
        var execution = await machine.RunAsync(run, machine.Input(new Dictionary<string, string> { ["raw"] = await UploadRawAsync(machine, p, run) }));
        output.WriteLine($"state machine ran: {clock.Elapsed.TotalSeconds:0}s");
        output.WriteLine(execution.Log);

        Assert.True(execution.Status == "SUCCEEDED", execution.ToString());
        Assert.Equal(["Defaults", "Prepare", "preprocess", "train", "evaluate", "Succeeded"], execution.States);
        Assert.Equal(["preprocess", "train", "evaluate"], execution.Jobs.Select(j => j.Argument("--step")));
        Assert.All(execution.Jobs, j => Assert.Equal("Completed", j.Status));
        Assert.Equal(run, execution.Report["output"]!["run"]!.GetValue<string>());

        // Every output of every step: the S3 objects (a training job's unpacked from its archives) against mlmax export.
        var pipeline = new PipelineLoader().Load(p.PathOf("pipelines/training.yaml"));
        var downloads = p.PathOf("s3");
        foreach (var step in pipeline.Steps)
        {
            var training = step.Aws?.Job == AwsJobKind.Training;
            async Task<string> TrainingFolder(string name)
            {
                var job = execution.Report["output"]!["jobs"]![step.Name]!["name"]!.GetValue<string>();
                var archive = Path.Combine(downloads, step.Name, name == "model" ? "model.tar.gz" : "output.tar.gz");
                if (!File.Exists(archive))
                {
                    await machine.Transfer.DownloadFileAsync(machine.At($"runs/{run}/{step.Name}/{job}/output/{Path.GetFileName(archive)}"), archive, CancellationToken.None);
                }

                var unpacked = Extract(archive);
                return name == "model" ? unpacked : Path.Combine(unpacked, name);
            }

            async Task<string> ProcessingFolder(string name)
            {
                var folder = Path.Combine(downloads, step.Name, name);
                await machine.Transfer.DownloadAsync(machine.At($"runs/{run}/{step.Name}/{name}/"), folder, CancellationToken.None);
                return folder;
            }

            foreach (var name in step.Outputs.Select(o => o.Name))
            {
                var exported = p.PathOf($"export/{step.Name}/{name}");
                var export = await p.RunAsync("export", $"{localRun}/{step.Name}.{name}", exported);
                Assert.True(export.ExitCode == 0, export.ToString());
                var remote = training ? await TrainingFolder(name) : await ProcessingFolder(name);
                Assert.True(Hashes(exported).Count > 0, $"{step.Name}.{name}: nothing exported");
                Assert.Equal(Hashes(exported), Hashes(remote));
            }

            // The step's record: its metrics are the local run's.
            var record = training ? await TrainingFolder("mlmax") : await ProcessingFolder("mlmax");
            var recorded = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(record, "step.json")))!;
            Assert.Equal(run, recorded["run"]!.GetValue<string>());
            Assert.Equal(
                Metrics(JsonNode.Parse(localSteps[step.Name].GetRawText())!["metrics"]),
                Metrics(recorded["metrics"]));
        }

        Assert.Contains("auc", Metrics(JsonNode.Parse(localSteps["evaluate"].GetRawText())!["metrics"]).Keys);
        output.WriteLine($"compared: {clock.Elapsed.TotalSeconds:0}s");
    }

    [Fact]
    public async Task StateMachine_StepFailsTwice_RetriedThenCaughtWithJobFailureReason()
    {
        using var p = await CensusAsync();
        var definition = await File.ReadAllTextAsync(p.PathOf("pipelines/training.yaml"));
        const string train = "  train:\n    dotnet: Census.Steps.Train\n";
        Assert.Contains(train, definition, StringComparison.Ordinal);
        p.Write("pipelines/training.yaml", definition.Replace(train, train + "    retries: 1\n", StringComparison.Ordinal));

        using var machine = await LocalStateMachine.DeployAsync(p.Root, "training", fixture.Server, fixture.RuntimeCache, output.WriteLine);
        const string run = "failing-1";
        var input = machine.Input(
            new Dictionary<string, string> { ["raw"] = await UploadRawAsync(machine, p, run) },
            new Dictionary<string, object> { ["algorithm"] = "nonsense" });
        var execution = await machine.RunAsync(run, input);
        output.WriteLine(execution.Log);

        Assert.True(execution.Status == "FAILED", execution.ToString());
        Assert.Equal(["Defaults", "Prepare", "preprocess", "train", "train failed"], execution.States);
        var trains = execution.Jobs.Where(j => j.Argument("--step") == "train").ToList();
        Assert.Equal(2, trains.Count);
        Assert.All(trains, j => Assert.Equal("Failed", j.Status));
        Assert.Equal(2, trains.Select(j => j.Request["TrainingJobName"]!.GetValue<string>()).Distinct().Count());
        Assert.DoesNotContain(execution.Jobs, j => j.Argument("--step") == "evaluate");

        var error = execution.Report["error"]!;
        var reason = trains[^1].Response!["FailureReason"]!.GetValue<string>();
        Assert.Equal("mlmax.StepFailed", error["name"]!.GetValue<string>());
        Assert.Equal($"step train failed: {reason}", error["cause"]!.GetValue<string>());
        Assert.Contains("step train exited with code 1", reason, StringComparison.Ordinal);
        Assert.Contains("algorithm must be 'logistic' or 'fasttree', got 'nonsense'", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StateMachine_CensusInference_SamePredictionsAsLocalRun()
    {
        using var p = await CensusAsync();
        Assert.Equal(0, (await p.RunAsync("run", "training", "--quiet")).ExitCode);
        var local = await p.RunAsync("run", "inference", "--quiet", "--json");
        Assert.True(local.ExitCode == 0, local.ToString());
        var localRun = local.Json.GetProperty("run").GetString()!;
        Assert.Equal(0, (await p.RunAsync("export", $"{localRun}/score.predictions", p.PathOf("export"))).ExitCode);

        using var machine = await LocalStateMachine.DeployAsync(p.Root, "inference", fixture.Server, fixture.RuntimeCache, output.WriteLine);
        const string run = "inference-1";
        var data = machine.At($"runs/{run}/inputs/data/census-income-sample.csv");
        await machine.Transfer.UploadFileAsync(p.PathOf("data/census-income-sample.csv"), data, CancellationToken.None);
        var model = p.PathOf("model-export");
        Assert.Equal(0, (await p.RunAsync("models", "export", "census", "--out", model)).ExitCode);
        var models = machine.At("models/census/1/");
        await machine.Transfer.UploadDirectoryAsync(model, models, CancellationToken.None);
        var input = machine.Input(new Dictionary<string, string> { ["data"] = data.ToString() });
        input["models"] = new JsonObject { ["model"] = models.ToString() };

        var execution = await machine.RunAsync(run, input);
        output.WriteLine(execution.Log);

        Assert.True(execution.Status == "SUCCEEDED", execution.ToString());
        Assert.Equal(["Defaults", "Prepare", "score", "Succeeded"], execution.States);
        var remote = p.PathOf("s3/score/predictions");
        await machine.Transfer.DownloadAsync(machine.At($"runs/{run}/score/predictions/"), remote, CancellationToken.None);
        Assert.Equal(Hashes(p.PathOf("export")), Hashes(remote));
        var record = p.PathOf("s3/score/mlmax");
        await machine.Transfer.DownloadAsync(machine.At($"runs/{run}/score/mlmax/"), record, CancellationToken.None);
        Assert.Equal("census:1", JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(record, "step.json")))!["parameters"]!["model"]!.GetValue<string>());
    }
}
