using System.Text.Json;
using Mlmax.Testing.Aws;
using Mlmax.Testing.S3;

namespace Mlmax.Cli.Tests.Aws;

/// <summary>
/// <c>mlmax aws run</c> and <c>status</c>: inputs uploaded to s3rver, the execution started and followed through
/// recorded Step Functions responses, and the outputs a job would have written (put in s3rver by the test when the
/// execution starts) recorded as the run's artifacts.
/// </summary>
[Collection("aws")]
public sealed class AwsRunTests(AwsFixture aws)
{
    private const string Stack = "chain-run";

    private static void NoSecrets(CliResult r)
    {
        Assert.DoesNotContain(S3Server.SecretAccessKey, r.All, StringComparison.Ordinal);
        Assert.DoesNotContain(AwsFixture.SessionToken, r.All, StringComparison.Ordinal);
    }

    /// <summary>A deployed project (deployed through the CLI against the recorded creation).</summary>
    private async Task<(TempProject Project, string Prefix, Dictionary<string, string> Environment)> DeployedAsync()
    {
        var environment = aws.Environment();
        var (p, version) = await AwsProjects.CreateAsync(environment);
        var prefix = $"run-{Guid.NewGuid():N}"[..20];
        aws.Replay.Reset();
        AwsProjects.Variables(aws.Replay, Stack, version);
        aws.Replay.Expect(AwsProjects.Creation(Stack));
        var deployed = await CliProcess.RunAsync(p.Root, environment, "aws", "deploy", "chain", "--stack", Stack, "--env-stack", AwsProjects.EnvStack,
            "--image", "Command=123456789012.dkr.ecr.us-east-1.amazonaws.com/mlmax-command:1", "--param", $"ArtifactPrefix={prefix}", "--poll-seconds", "0.05");
        Assert.True(deployed.ExitCode == 0, deployed.ToString() + string.Join('\n', aws.Replay.Problems));
        aws.Replay.Reset();
        aws.Replay.Variables["Prefix"] = prefix;
        aws.Replay.Variables["TrainingJobName"] = AwsProjects.TrainingJob;
        return (p, prefix, environment);
    }

    /// <summary>StartExecution, answered as Step Functions does; meanwhile the "jobs" write their outputs to S3.</summary>
    private Exchange Start(string prefix, bool trainingSucceeds) => new()
    {
        Service = "states",
        Action = "StartExecution",
        Fixture = "states/StartExecution.json",
        Expect = new Dictionary<string, string?> { ["stateMachineArn"] = $"arn:aws:states:us-east-1:123456789012:stateMachine:{Stack}-sm", ["name"] = null, ["input"] = null },
        Capture = new Dictionary<string, string> { ["name"] = "ExecutionName", ["input"] = "ExecutionInput" },
        OnRequest = async (request, variables) =>
        {
            var run = variables["ExecutionName"];
            aws.Replay.Variables["ExecutionArn"] = $"arn:aws:states:us-east-1:123456789012:execution:{Stack}-sm:{run}";
            await PutOutputsAsync(prefix, run, trainingSucceeds);
        },
    };

    /// <summary>What the jobs of an execution write to S3: a's output and record, and b's archives when it succeeds.</summary>
    private async Task PutOutputsAsync(string prefix, string run, bool trainingSucceeds)
    {
        var root = $"{prefix}/runs/{run}";
        var a = "hello again\nn=3\n";
        await aws.PutAsync($"{root}/a/out/a.txt", System.Text.Encoding.UTF8.GetBytes(a));
        await aws.PutAsync($"{root}/a/mlmax/step.json", AwsFixture.StepRecord("a", run,
            new Dictionary<string, IReadOnlyDictionary<string, string>> { ["out"] = new Dictionary<string, string> { ["a.txt"] = a } }, new Dictionary<string, double>()));
        if (trainingSucceeds)
        {
            var model = new Dictionary<string, string> { ["model.bin"] = "weights 0.25 0.75\n" };
            var report = new Dictionary<string, string> { ["report.txt"] = "auc 0.91\n" };
            await aws.PutAsync($"{root}/b/{AwsProjects.TrainingJob}/output/model.tar.gz", AwsFixture.TarGz(model));
            var record = System.Text.Encoding.UTF8.GetString(AwsFixture.StepRecord("b", run,
                new Dictionary<string, IReadOnlyDictionary<string, string>> { ["model"] = model, ["report"] = report }, new Dictionary<string, double> { ["auc"] = 0.91 }));
            await aws.PutAsync($"{root}/b/{AwsProjects.TrainingJob}/output/output.tar.gz",
                AwsFixture.TarGz(new Dictionary<string, string> { ["report/report.txt"] = report["report.txt"], ["mlmax/step.json"] = record }));
        }
    }

    [Fact]
    public async Task Sync_ExecutionAWatchStarted_RecordedWithItsTriggerAndTheObjectItRead()
    {
        var (p, prefix, environment) = await DeployedAsync();
        using var project = p;
        var server = aws.Replay;
        var key = $"{prefix}-drops/day-1.txt";
        await aws.PutAsync(key, System.Text.Encoding.UTF8.GetBytes("hello from a drop\n"));
        var detail = $"{key} (ETag 5d41402abc4b2a76b9719d911017c592)";
        var name = AwsFixture.Sha256($"data|chain.drops|{detail}");
        server.Variables["ExecutionName"] = name;
        server.Variables["ExecutionArn"] = $"arn:aws:states:us-east-1:123456789012:execution:{Stack}-sm:{name}";
        server.Variables["ExecutionInput"] = JsonSerializer.Serialize(new
        {
            parameters = new { n = 3 },
            inputs = new { raw = $"s3://{S3Server.BucketName}/{key}" },
            trigger = new { kind = "data", source = "chain.drops", detail },
        });
        await PutOutputsAsync(prefix, name, trainingSucceeds: true);
        server.Expect(
            new Exchange { Service = "states", Action = "ListExecutions", Fixture = "states/ListExecutions.json", Times = null },
            new Exchange { Service = "states", Action = "DescribeExecution", Fixture = "states/DescribeExecution-succeeded.json", Times = null },
            new Exchange { Service = "states", Action = "GetExecutionHistory", Fixture = "states/GetExecutionHistory-succeeded-page1.json", Times = null, When = r => r.Field("nextToken") is null },
            new Exchange { Service = "states", Action = "GetExecutionHistory", Fixture = "states/GetExecutionHistory-succeeded-page2.json", Times = null, When = r => r.Field("nextToken") is not null });

        var synced = await CliProcess.RunAsync(p.Root, environment, "aws", "sync", "chain", "--json");

        Assert.True(synced.ExitCode == 0, synced.ToString() + string.Join('\n', server.Problems));
        NoSecrets(synced);
        var row = Assert.Single(synced.Json.GetProperty("executions").EnumerateArray());
        Assert.Equal(("recorded", "succeeded"), (row.GetProperty("action").GetString(), row.GetProperty("status").GetString()));
        Assert.Equal($"data chain.drops: {detail}", row.GetProperty("trigger").GetString());
        var show = await CliProcess.RunAsync(p.Root, environment, "show", name, "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Equal("data", show.Json.GetProperty("trigger").GetProperty("kind").GetString());
        Assert.Equal("chain.drops", show.Json.GetProperty("trigger").GetProperty("source").GetString());
        Assert.Contains($"s3://{S3Server.BucketName}/{key}", show.Json.GetProperty("inputs").GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0.91, show.Json.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("step").GetString() == "b").GetProperty("metrics").GetProperty("auc").GetDouble());

        // Again: known, nothing recorded twice.
        var again = await CliProcess.RunAsync(p.Root, environment, "aws", "sync", "chain", "--json");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal("known", Assert.Single(again.Json.GetProperty("executions").EnumerateArray()).GetProperty("action").GetString());
    }

    [Fact]
    public async Task Run_ExecutionSucceeds_InputsUploadedRunRecordedWithLineageAndModel()
    {
        var (p, prefix, environment) = await DeployedAsync();
        using var project = p;
        p.Write("other.txt", "hello again\n");
        var server = aws.Replay;
        server.Expect(
            Start(prefix, trainingSucceeds: true),
            new Exchange { Service = "states", Action = "DescribeExecution", Fixture = "states/DescribeExecution-running.json" },
            new Exchange { Service = "states", Action = "DescribeExecution", Fixture = "states/DescribeExecution-succeeded.json", Times = null },
            new Exchange { Service = "states", Action = "GetExecutionHistory", Fixture = "states/GetExecutionHistory-succeeded-page1.json", Times = null, When = r => r.Field("nextToken") is null },
            new Exchange { Service = "states", Action = "GetExecutionHistory", Fixture = "states/GetExecutionHistory-succeeded-page2.json", Times = null, When = r => r.Field("nextToken") is not null });

        var r = await CliProcess.RunAsync(p.Root, environment, "aws", "run", "chain", "--param", "n=3", "--input", "raw=other.txt", "--poll-seconds", "0.05", "--json");

        Assert.True(r.ExitCode == 0, r.ToString() + string.Join('\n', server.Problems));
        Assert.Empty(server.Problems);
        NoSecrets(r);
        var run = r.Json.GetProperty("run").GetString()!;
        Assert.Equal("succeeded", r.Json.GetProperty("status").GetString());
        Assert.Equal("chain:1", r.Json.GetProperty("model_version").GetString());

        // The execution: named by the run, its input the merged parameters and the uploaded input's S3 URI.
        var start = server.RequestsOf("StartExecution").Single();
        Assert.Equal(run, start.Field("name"));
        var input = JsonSerializer.Deserialize<JsonElement>(start.Field("input")!);
        Assert.Equal(3, input.GetProperty("parameters").GetProperty("n").GetInt32());
        Assert.Equal($"s3://{S3Server.BucketName}/{prefix}/runs/{run}/inputs/raw/other.txt", input.GetProperty("inputs").GetProperty("raw").GetString());
        Assert.Equal("hello again\n", await aws.ReadAsync($"{prefix}/runs/{run}/inputs/raw/other.txt"));
        Assert.Contains("a started", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("b done", r.Stderr, StringComparison.Ordinal);

        // Recorded like a local run: show, lineage and export work.
        var show = await CliProcess.RunAsync(p.Root, environment, "show", run, "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Equal("succeeded", show.Json.GetProperty("status").GetString());
        var steps = show.Json.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!);
        Assert.Equal("succeeded", steps["b"].GetProperty("status").GetString());
        Assert.Equal(0.91, steps["b"].GetProperty("metrics").GetProperty("auc").GetDouble());
        Assert.Equal(steps["a"].GetProperty("outputs").GetProperty("out").GetString(), steps["b"].GetProperty("inputs").GetProperty("x").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-11-27T10:05:00.080Z", System.Globalization.CultureInfo.InvariantCulture), steps["a"].GetProperty("started_at").GetDateTimeOffset());
        Assert.StartsWith("aws", show.Json.GetProperty("environment").GetProperty("executor").GetString(), StringComparison.Ordinal);

        var lineage = await CliProcess.RunAsync(p.Root, environment, "lineage", $"{run}/b.model", "--json");
        Assert.True(lineage.ExitCode == 0, lineage.ToString());
        Assert.Contains(steps["a"].GetProperty("outputs").GetProperty("out").GetString()!, lineage.Stdout, StringComparison.Ordinal);

        var export = await CliProcess.RunAsync(p.Root, environment, "export", $"{run}/b.report", "exported");
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal("auc 0.91\n", File.ReadAllText(p.PathOf("exported/report.txt")));

        // And as AWS sees it.
        var status = await CliProcess.RunAsync(p.Root, environment, "aws", "status", run, "--json");
        Assert.True(status.ExitCode == 0, status.ToString() + string.Join('\n', server.Problems));
        Assert.Equal("succeeded", status.Json.GetProperty("status").GetString());
        Assert.Equal(AwsProjects.TrainingJob, status.Json.GetProperty("steps")[1].GetProperty("job").GetString());
        NoSecrets(status);
    }

    [Fact]
    public async Task Run_TrainingJobFails_FailureRecordedAndExitOne()
    {
        var (p, prefix, environment) = await DeployedAsync();
        using var project = p;
        var server = aws.Replay;
        server.Expect(
            Start(prefix, trainingSucceeds: false),
            new Exchange { Service = "states", Action = "DescribeExecution", Fixture = "states/DescribeExecution-failed.json", Times = null },
            new Exchange { Service = "states", Action = "GetExecutionHistory", Fixture = "states/GetExecutionHistory-failed.json", Times = null });

        var r = await CliProcess.RunAsync(p.Root, environment, "aws", "run", "chain", "--poll-seconds", "0.05");

        Assert.Equal(1, r.ExitCode);
        Assert.Empty(server.Problems);
        NoSecrets(r);
        Assert.Contains("step 'b' failed", r.All, StringComparison.Ordinal);
        Assert.Contains("AlgorithmError: mlmax: step b exited with code 3", r.All, StringComparison.Ordinal);
        var runs = await CliProcess.RunAsync(p.Root, environment, "runs", "--json");
        var run = runs.Json.EnumerateArray().First().GetProperty("run").GetString()!;
        var show = await CliProcess.RunAsync(p.Root, environment, "show", run, "--json");
        Assert.Equal("failed", show.Json.GetProperty("status").GetString());
        var steps = show.Json.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!);
        Assert.Equal("succeeded", steps["a"].GetProperty("status").GetString());
        Assert.Equal("failed", steps["b"].GetProperty("status").GetString());
        Assert.Equal($"States.TaskFailed: AlgorithmError: mlmax: step b exited with code 3, exit code: 3 (SageMaker job {AwsProjects.TrainingJob})", steps["b"].GetProperty("error").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-11-27T10:05:00Z", System.Globalization.CultureInfo.InvariantCulture), show.Json.GetProperty("started_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task RunDetached_ThenStatusAfterTheEnd_RecordsTheRun()
    {
        var (p, prefix, environment) = await DeployedAsync();
        using var project = p;
        var server = aws.Replay;
        server.Expect(
            Start(prefix, trainingSucceeds: true),
            new Exchange { Service = "states", Action = "DescribeExecution", Fixture = "states/DescribeExecution-succeeded.json", Times = null },
            new Exchange { Service = "states", Action = "GetExecutionHistory", Fixture = "states/GetExecutionHistory-succeeded-page1.json", Times = null, When = r => r.Field("nextToken") is null },
            new Exchange { Service = "states", Action = "GetExecutionHistory", Fixture = "states/GetExecutionHistory-succeeded-page2.json", Times = null, When = r => r.Field("nextToken") is not null });

        var started = await CliProcess.RunAsync(p.Root, environment, "aws", "run", "chain", "--detach", "--json");
        var run = started.Json.GetProperty("run").GetString()!;
        var before = await CliProcess.RunAsync(p.Root, environment, "show", run, "--json");
        var status = await CliProcess.RunAsync(p.Root, environment, "aws", "status", run, "--json");
        var after = await CliProcess.RunAsync(p.Root, environment, "show", run, "--json");

        Assert.True(started.ExitCode == 0, started.ToString() + string.Join('\n', server.Problems));
        Assert.Equal("running", started.Json.GetProperty("status").GetString());
        Assert.Equal("running", before.Json.GetProperty("status").GetString());
        Assert.True(status.ExitCode == 0, status.ToString() + string.Join('\n', server.Problems));
        Assert.Equal("succeeded", status.Json.GetProperty("recorded").GetString());
        Assert.Equal("succeeded", after.Json.GetProperty("status").GetString());
        Assert.Empty(server.Problems);
        NoSecrets(started);
        NoSecrets(status);
    }

    [Fact]
    public async Task Run_NotDeployed_ExitTwoSayingHowToDeploy()
    {
        var environment = aws.Environment();
        var (p, _) = await AwsProjects.CreateAsync(environment);
        using var project = p;
        aws.Replay.Reset();

        var r = await CliProcess.RunAsync(p.Root, environment, "aws", "run", "chain");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("is not deployed", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("mlmax aws deploy chain", r.Stderr, StringComparison.Ordinal);
        Assert.Empty(aws.Replay.Requests);
    }
}
