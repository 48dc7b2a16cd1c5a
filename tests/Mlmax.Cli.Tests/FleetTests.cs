using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;

namespace Mlmax.Cli.Tests;

/// <summary>
/// The worker fleet on real engines: PostgreSQL (metadata and job queue), s3rver (artifacts) and <c>mlmax worker</c>
/// processes, each its own OS process, working in a copy of the project as another machine would.
/// </summary>
public sealed partial class FleetTests(PostgresServerFixture postgres, S3ServerFixture s3) : IClassFixture<PostgresServerFixture>, IClassFixture<S3ServerFixture>
{
    /// <summary>a -> (b, c); b -> d. Each step sleeps its <c>seconds</c> parameter, then writes its name, its input and 200 kB.</summary>
    private const string Pipeline = """
        name: long
        parameters:
          b_seconds: { type: integer, default: 6 }
        inputs:
          raw: { type: file, default: data.txt }
        steps:
          a:
            command: [bash, work.sh]
            inputs: { up: inputs.raw }
            outputs: [out]
            parameters: { seconds: 0 }
          b:
            command: [bash, work.sh]
            inputs: { up: a.out }
            outputs: [out]
            parameters: { seconds: "${params.b_seconds}" }
          c:
            command: [bash, work.sh]
            inputs: { up: a.out }
            outputs: [out]
            parameters: { seconds: 0 }
          d:
            command: [bash, work.sh]
            inputs: { up: b.out }
            outputs: [out]
            parameters: { seconds: 0 }
        """;

    private const string Work = """
        set -eu
        for i in $(seq 1 "$MLMAX_PARAM_SECONDS"); do echo "tick $i"; sleep 1; done
        { echo "from $MLMAX_STEP"; cat "$MLMAX_INPUT_UP"/*.txt; } > "$MLMAX_OUTPUT_OUT/result.txt"
        head -c 200000 /dev/urandom | sha256sum > /dev/null
        yes "$MLMAX_STEP" | head -c 200000 > "$MLMAX_OUTPUT_OUT/padding.bin"
        echo "$MLMAX_STEP done"
        """;

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static TempProject Project()
    {
        var p = TempProject.WithPipeline("long", Pipeline);
        p.Write("work.sh", Work);
        p.Write("data.txt", "hello\n");
        return p;
    }

    /// <summary>A copy of the project's files elsewhere: what a worker machine has checked out.</summary>
    private static TempProject CopyOf(TempProject source)
    {
        var copy = new TempProject();
        foreach (var file in Directory.EnumerateFiles(source.Root, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/.mlmax/", StringComparison.Ordinal)))
        {
            copy.Write(Path.GetRelativePath(source.Root, file), File.ReadAllText(file));
        }

        return copy;
    }

    private async Task<Dictionary<string, string>> FleetEnvironmentAsync() =>
        new(s3.Server.Environment)
        {
            ["MLMAX_METADATA"] = await postgres.Server.CreateDatabaseAsync("fleet"),
            ["MLMAX_ARTIFACTS"] = s3.Server.NewUrl("fleet"),
        };

    private static async Task<string> SubmitAsync(TempProject p, Dictionary<string, string> environment, params string[] args)
    {
        var submit = await CliProcess.RunAsync(p.Root, environment, ["run", "long", "--executor", "hangfire", "--detach", "--json", .. args]);
        Assert.True(submit.ExitCode == 0, submit.ToString());
        return submit.Json.GetProperty("run").GetString()!;
    }

    /// <summary>Polls <c>mlmax show</c> (as anyone could, from anywhere) until the run has ended.</summary>
    private static async Task<JsonElement> WaitForEndAsync(TempProject p, Dictionary<string, string> environment, string runId, FleetWorkers workers, Action? onPoll = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            onPoll?.Invoke();
            var show = await CliProcess.RunAsync(p.Root, environment, "show", runId, "--json");
            Assert.True(show.ExitCode == 0, show.ToString());
            if (show.Json.TryGetProperty("ended_at", out var ended) && ended.ValueKind == JsonValueKind.String)
            {
                return show.Json;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"run {runId} did not end within {Patience}:\n{workers.Logs()}");
    }

    private static Dictionary<string, JsonElement> Steps(JsonElement run) =>
        run.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!);

    private static Dictionary<string, string> Hashes(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Fact]
    public async Task Fleet_WorkerKilledMidStep_AnotherWorkerFinishesItAndOutputsMatchLocalRun()
    {
        using var p = Project();
        using var machine = CopyOf(p);
        var environment = await FleetEnvironmentAsync();
        using var workers = new FleetWorkers(machine.Root, environment);
        for (var i = 0; i < 3; i++)
        {
            workers.Start();
        }

        var runId = await SubmitAsync(p, environment);
        var victim = await workers.WaitForAsync($"{runId}/b | tick 2", Patience);
        victim.Kill9();
        var run = await WaitForEndAsync(p, environment, runId, workers);

        Assert.True(run.GetProperty("status").GetString() == "succeeded", run.ToString() + workers.Logs());
        var rescuer = await workers.WaitForAsync($"{runId}/b | delivery 2 of at most 3", TimeSpan.FromSeconds(5));
        Assert.NotSame(victim, rescuer);
        Assert.Contains($"{runId}/b succeeded", rescuer.Output, StringComparison.Ordinal);

        // The same pipeline run locally (SQLite, local disk): the same artifacts, byte for byte.
        using var local = CopyOf(p);
        var localRun = await local.RunAsync("run", "long", "--json");
        Assert.True(localRun.ExitCode == 0, localRun.ToString());
        var fleetSteps = Steps(run);
        foreach (var (name, step) in Steps(localRun.Json))
        {
            Assert.Equal(step.GetProperty("outputs").GetRawText(), fleetSteps[name].GetProperty("outputs").GetRawText());
        }

        Assert.Equal(0, (await CliProcess.RunAsync(p.Root, environment, "export", $"{runId}/d.out", "d-fleet")).ExitCode);
        Assert.Equal(0, (await local.RunAsync("export", $"{localRun.Json.GetProperty("run").GetString()}/d.out", "d-local")).ExitCode);
        Assert.Equal(Hashes(local.PathOf("d-local")), Hashes(p.PathOf("d-fleet")));
        Assert.Equal("from d\nfrom b\nfrom a\nhello\n", File.ReadAllText(p.PathOf("d-fleet/result.txt")));
    }

    [Fact]
    public async Task Fleet_StepKillsEveryWorkerItLandsOn_FailsAfterTheDeliveryLimitWithClearError()
    {
        using var p = Project();
        p.Write("work.sh", "echo \"about to take down worker $PPID\"\nkill -9 $PPID\nsleep 30\n");
        var environment = await FleetEnvironmentAsync();
        using var workers = new FleetWorkers(p.Root, environment);
        workers.Start();

        var runId = await SubmitAsync(p, environment);
        var run = await WaitForEndAsync(p, environment, runId, workers, onPoll: () =>
        {
            // An operator (or a supervisor) restarts dead workers; each new one takes the step again, up to the limit.
            if (workers.All.All(w => w.HasExited) && workers.All.Count < 8)
            {
                workers.Start();
            }
        });

        Assert.Equal("failed", run.GetProperty("status").GetString());
        var a = Steps(run)["a"];
        Assert.Equal("failed", a.GetProperty("status").GetString());
        Assert.Contains("its worker stopped 3 times while running it", a.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, workers.All.Count);
        Assert.All(["b", "c", "d"], s => Assert.Equal("cancelled", Steps(run)[s].GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Fleet_WorkerStoppedWithSigterm_HandsItsStepBackAndTheNextWorkerRunsItAsFirstDelivery()
    {
        using var p = Project();
        var environment = await FleetEnvironmentAsync();
        using var workers = new FleetWorkers(p.Root, environment);
        var first = workers.Start("--invisibility-timeout", "300");
        var runId = await SubmitAsync(p, environment);
        await workers.WaitForAsync($"{runId}/b | tick 1", Patience);

        using (var term = Process.Start("kill", ["-TERM", first.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        await workers.WaitForAsync("stopped", Patience);
        var second = workers.Start("--invisibility-timeout", "300");
        var run = await WaitForEndAsync(p, environment, runId, workers);

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Contains("the step goes back to the queue for another worker", first.Output, StringComparison.Ordinal);
        Assert.Contains($"{runId}/b succeeded", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("delivery 2", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fleet_SubmitterDiedBeforeQueueingAnything_WorkerSweepQueuesTheRunAndItCompletes()
    {
        using var p = Project();
        var environment = await FleetEnvironmentAsync();
        var runId = await SubmitAsync(p, environment, "--param", "b_seconds=0");

        // What a submitter killed between recording the run and queueing its first step leaves: the run, nothing else.
        await using (var connection = new Npgsql.NpgsqlConnection(Mlmax.Stores.Postgres.PostgresConnectionString.Parse(environment["MLMAX_METADATA"])))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("DELETE FROM mlmax_fleet.jobqueue; DELETE FROM step_runs WHERE run_id = @run;", connection);
            command.Parameters.AddWithValue("run", runId);
            await command.ExecuteNonQueryAsync();
        }

        using var workers = new FleetWorkers(p.Root, environment);
        workers.Start();
        var run = await WaitForEndAsync(p, environment, runId, workers);

        Assert.True(run.GetProperty("status").GetString() == "succeeded", run.ToString() + workers.Logs());
        Assert.Equal(4, Steps(run).Count);
    }

    [Fact]
    public async Task Cancel_RunOnFleet_RunningStepStopsAndTheRestNeverStart()
    {
        using var p = Project();
        var environment = await FleetEnvironmentAsync();
        using var workers = new FleetWorkers(p.Root, environment);
        workers.Start();
        var runId = await SubmitAsync(p, environment, "--param", "b_seconds=120");
        await workers.WaitForAsync($"{runId}/b | tick 1", Patience);
        var clock = Stopwatch.StartNew();

        var cancel = await CliProcess.RunAsync(p.Root, environment, "cancel", runId);
        var run = await WaitForEndAsync(p, environment, runId, workers);
        var again = await CliProcess.RunAsync(p.Root, environment, "cancel", runId);

        Assert.True(cancel.ExitCode == 0, cancel.ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"cancelling took {clock.Elapsed}");
        Assert.Equal("cancelled", run.GetProperty("status").GetString());
        var steps = Steps(run);
        Assert.Equal(("succeeded", "cancelled", "cancelled"), (steps["a"].GetProperty("status").GetString(), steps["b"].GetProperty("status").GetString(), steps["d"].GetProperty("status").GetString()));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already ended", again.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fleet_StepDeclaresPool_RunsOnlyOnThatPoolsWorkerWhichMayStartLater()
    {
        using var p = Project();
        p.Write("pipelines/long.yaml", Pipeline.Replace("    parameters: { seconds: 0 }\n  d:", "    parameters: { seconds: 0 }\n    pool: highmem\n  d:", StringComparison.Ordinal));
        var environment = await FleetEnvironmentAsync();
        using var workers = new FleetWorkers(p.Root, environment);
        var general = workers.Start("--slots", "2");
        await workers.WaitForAsync("serving pool(s) default", Patience);

        var submit = await CliProcess.RunAsync(p.Root, environment, "run", "long", "--executor", "hangfire", "--detach", "--json", "--param", "b_seconds=1");
        Assert.True(submit.ExitCode == 0, submit.ToString());
        var runId = submit.Json.GetProperty("run").GetString()!;
        await workers.WaitForAsync($"{runId}/d succeeded", Patience);
        await Task.Delay(2000);
        Assert.DoesNotContain($"{runId}/c started", general.Output, StringComparison.Ordinal);
        var highmem = workers.Start("--pool", "highmem");
        var run = await WaitForEndAsync(p, environment, runId, workers);

        Assert.Contains("no worker serves pool 'highmem' now", submit.Stderr, StringComparison.Ordinal);
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Contains($"{runId}/c started", highmem.Output, StringComparison.Ordinal);
        Assert.DoesNotContain($"{runId}/c started", general.Output, StringComparison.Ordinal);
        Assert.All(["a", "b", "d"], s => Assert.DoesNotContain($"{runId}/{s} started", highmem.Output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fleet_WorkerHasOtherCode_StepFailsNamingTheFile()
    {
        using var p = Project();
        using var machine = CopyOf(p);
        machine.Write("work.sh", Work + "\necho changed\n");
        var environment = await FleetEnvironmentAsync();
        using var workers = new FleetWorkers(machine.Root, environment);
        workers.Start();

        var runId = await SubmitAsync(p, environment);
        var run = await WaitForEndAsync(p, environment, runId, workers);

        Assert.Equal("failed", run.GetProperty("status").GetString());
        var error = Steps(run)["a"].GetProperty("error").GetString()!;
        Assert.Contains("other code for step 'a' than the run was submitted with (work.sh", error, StringComparison.Ordinal);
        Assert.Contains("deploy the same version of the project to every worker", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FleetFollowed_PrintsStepsAsTheyEndAndExitsWithTheRunsStatus()
    {
        using var p = Project();
        var environment = await FleetEnvironmentAsync();
        using var workers = new FleetWorkers(p.Root, environment);
        workers.Start("--slots", "2");

        var run = await CliProcess.RunAsync(p.Root, environment, "run", "long", "--executor", "hangfire", "--param", "b_seconds=1");
        var again = await CliProcess.RunAsync(p.Root, environment, "run", "long", "--executor", "hangfire", "--param", "b_seconds=1", "--json");

        Assert.True(run.ExitCode == 0, run.ToString() + workers.Logs());
        Assert.Contains("submitted to the fleet", run.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"metadata postgres://postgres@127\.0\.0\.1:\d+/fleet_\d+, artifacts s3://", run.Stdout);
        Assert.Contains("✔ d ran", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("succeeded", run.Stdout, StringComparison.Ordinal);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.All(again.Json.GetProperty("steps").EnumerateArray(), s => Assert.Equal("cached", s.GetProperty("status").GetString()));

        // Every job the runs made ended as the queue's success, none as a failure left in the queue.
        await using var connection = new Npgsql.NpgsqlConnection(Mlmax.Stores.Postgres.PostgresConnectionString.Parse(environment["MLMAX_METADATA"]));
        await connection.OpenAsync();
        await using var states = new Npgsql.NpgsqlCommand("SELECT statename, count(*) FROM mlmax_fleet.job GROUP BY statename ORDER BY statename;", connection);
        var counts = new Dictionary<string, long>();
        await using (var reader = await states.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        Assert.Equal(new Dictionary<string, long> { ["Succeeded"] = 8 }, counts);
    }

    [Fact]
    public async Task Run_FleetWithS3Input_SubmitterReadsTheObjectAndTheWorkerRunsOnIt()
    {
        using var p = Fixtures.ChainProject();
        using var machine = CopyOf(p);
        var environment = await FleetEnvironmentAsync();
        var url = s3.Server.NewUrl("fleet-input") + "/drops/a.txt";
        var root = Mlmax.Stores.S3.S3Root.Parse(url[..url.LastIndexOf("/drops/", StringComparison.Ordinal)]);
        var config = Mlmax.Stores.S3.S3ClientConfiguration.FromEnvironment(name => s3.Server.Environment.GetValueOrDefault(name));
        using (var client = new Amazon.S3.AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials(Mlmax.Testing.S3.S3Server.AccessKeyId, Mlmax.Testing.S3.S3Server.SecretAccessKey), config))
        {
            await client.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
            {
                BucketName = root.Bucket, Key = root.Prefix + "/drops/a.txt", ContentBody = "fleet from s3\n", UseChunkEncoding = false,
            });
        }

        using var workers = new FleetWorkers(machine.Root, environment);
        workers.Start("--slots", "2");

        var run = await CliProcess.RunAsync(p.Root, environment, "run", "chain", "--executor", "hangfire", "--input", $"raw={url}", "--json");
        var runId = run.Json.GetProperty("run").GetString()!;
        var shown = await CliProcess.RunAsync(p.Root, environment, "show", runId, "--json");
        var export = await CliProcess.RunAsync(p.Root, environment, "export", $"{runId}/a.out", "a-out");

        Assert.True(run.ExitCode == 0, run.ToString() + workers.Logs());
        Assert.StartsWith($"{url} (ETag \"", shown.Json.GetProperty("inputs").GetProperty("raw").GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal("fleet from s3\nn=1\n", File.ReadAllText(p.PathOf("a-out/a.txt")));
    }

    [Fact]
    public async Task Census_TrainingOnTwoWorkersWithPostgresAndS3_SameMetricsAndModelAsLocally()
    {
        using var p = new TempProject();
        Assert.Equal(0, (await CliProcess.RunAsync(Path.GetTempPath(), "init", p.Root, "--template", "census")).ExitCode);
        using var machine = CopyOf(p);
        var environment = await FleetEnvironmentAsync();
        using var workers = new FleetWorkers(machine.Root, environment);
        workers.Start();
        workers.Start();

        var fleet = await CliProcess.RunAsync(p.Root, environment, "run", "training", "--executor", "hangfire", "--json");
        var local = await p.RunAsync("run", "training", "--json");

        Assert.True(fleet.ExitCode == 0, fleet.ToString() + workers.Logs());
        Assert.True(local.ExitCode == 0, local.ToString());
        var fleetSteps = Steps(fleet.Json);
        foreach (var (name, step) in Steps(local.Json))
        {
            Assert.Equal(step.GetProperty("metrics").GetRawText(), fleetSteps[name].GetProperty("metrics").GetRawText());
            Assert.Equal(step.GetProperty("outputs").GetRawText(), fleetSteps[name].GetProperty("outputs").GetRawText());
        }

        Assert.True(Steps(local.Json)["evaluate"].GetProperty("metrics").GetProperty("auc").GetDouble() > 0.8);
        Assert.Equal("census:1", fleet.Json.GetProperty("model_version").GetString());
        var models = await CliProcess.RunAsync(p.Root, environment, "models", "list", "--json");
        Assert.Contains(fleet.Json.GetProperty("run").GetString()!, models.Stdout, StringComparison.Ordinal);

        // Batch inference spread over the fleet: the input split in 3 parts, scored on the workers, merged in order,
        // gives exactly the predictions of scoring it whole on this machine.
        var inference = File.ReadAllText(p.PathOf("pipelines/inference.yaml"))
            .Replace("    predict: ${params.model}\n", "    predict: ${params.model}\n    partitions: 3\n", StringComparison.Ordinal);
        Assert.Contains("partitions: 3", inference, StringComparison.Ordinal);
        p.Write("pipelines/scoring.yaml", inference.Replace("name: inference", "name: scoring", StringComparison.Ordinal));
        var spread = await CliProcess.RunAsync(p.Root, environment, "run", "scoring", "--executor", "hangfire", "--json");
        var whole = await p.RunAsync("run", "scoring", "--json");

        Assert.True(spread.ExitCode == 0, spread.ToString() + workers.Logs());
        Assert.True(whole.ExitCode == 0, whole.ToString());
        var (spreadScore, wholeScore) = (Steps(spread.Json)["score"], Steps(whole.Json)["score"]);
        Assert.Equal(wholeScore.GetProperty("outputs").GetRawText(), spreadScore.GetProperty("outputs").GetRawText());
        Assert.Equal(wholeScore.GetProperty("metrics").GetProperty("rows_scored").GetDouble(), spreadScore.GetProperty("metrics").GetProperty("rows_scored").GetDouble());
        Assert.Contains("merged 3 part(s) in order", workers.Logs(), StringComparison.Ordinal);

        // A part that fails (the sample has rows outside the training schema; on_violation: refuse) fails the step,
        // naming the part, its rows and the worker.
        var refused = await CliProcess.RunAsync(p.Root, environment, "run", "scoring", "--executor", "hangfire", "--param", "on_violation=refuse");

        Assert.True(refused.ExitCode == 1, refused.ToString() + workers.Logs());
        Assert.Matches(@"step 'score' failed: part [123] of 3 \(input rows \d+-\d+; row numbers below count from the part's first row\) failed on \S+ with exit code 2", refused.Stdout);
        Assert.Contains("is a category not seen in training", refused.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FleetStepFails_FollowerPrintsTheLogTheWorkerKeptInTheArtifactStore()
    {
        using var p = Project();
        using var machine = CopyOf(p);
        p.Write("work.sh", "echo \"boom from $MLMAX_STEP\"\nexit 3\n");
        machine.Write("work.sh", "echo \"boom from $MLMAX_STEP\"\nexit 3\n");
        var environment = await FleetEnvironmentAsync();
        using var workers = new FleetWorkers(machine.Root, environment);
        workers.Start();

        var run = await CliProcess.RunAsync(p.Root, environment, "run", "long", "--executor", "hangfire");
        var runId = (await CliProcess.RunAsync(p.Root, environment, "runs", "--json")).Json[0].GetProperty("run").GetString()!;
        var show = await CliProcess.RunAsync(p.Root, environment, "show", runId, "--json");
        var log = Steps(show.Json)["a"].GetProperty("log").GetString()!;
        var export = await CliProcess.RunAsync(p.Root, environment, "export", log, "a-log");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("step 'a' failed: exit code 3", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("| boom from a", run.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("sha256:", log, StringComparison.Ordinal);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains("boom from a", File.ReadAllText(p.PathOf("a-log/a.log")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FleetWithSqliteMetadata_RefusedSayingWhatToSet()
    {
        using var p = Project();

        var run = await p.RunAsync("run", "long", "--executor", "hangfire");
        var detach = await p.RunAsync("run", "long", "--detach");
        var worker = await p.RunAsync("worker");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("keeps its job queue in the PostgreSQL metadata database", run.All, StringComparison.Ordinal);
        Assert.Contains("MLMAX_METADATA=postgres://", run.All, StringComparison.Ordinal);
        Assert.Equal(2, detach.ExitCode);
        Assert.Contains("--detach needs the worker fleet", detach.All, StringComparison.Ordinal);
        Assert.Equal(2, worker.ExitCode);
        Assert.Contains("keeps its job queue in the PostgreSQL metadata database", worker.All, StringComparison.Ordinal);
    }
}
