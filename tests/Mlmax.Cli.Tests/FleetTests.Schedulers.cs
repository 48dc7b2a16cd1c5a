using System.Diagnostics;
using System.Text.Json;

namespace Mlmax.Cli.Tests;

/// <summary>The fleet's health as <c>mlmax doctor</c> sees it, and schedules fired by the workers' schedulers.</summary>
public sealed partial class FleetTests
{
    [Fact]
    public async Task Doctor_HangfireExecutor_ReportsLiveWorkersAndPoolsNoneServes()
    {
        using var p = Project();
        p.Write("pipelines/long.yaml", Pipeline.Replace("    parameters: { seconds: 0 }\n  d:", "    parameters: { seconds: 0 }\n    pool: highmem\n  d:", StringComparison.Ordinal));
        var environment = new Dictionary<string, string>(await FleetEnvironmentAsync()) { ["MLMAX_EXECUTOR"] = "hangfire" };
        using var workers = new FleetWorkers(p.Root, environment);

        var none = await CliProcess.RunAsync(p.Root, environment, "doctor");
        workers.Start();
        await workers.WaitForAsync("serving pool(s) default", Patience);
        var general = await CliProcess.RunAsync(p.Root, environment, "doctor");
        workers.Start("--pool", "highmem");
        await workers.WaitForAsync("serving pool(s) highmem", Patience);
        var both = await CliProcess.RunAsync(p.Root, environment, "doctor");

        Assert.True(none.ExitCode == 0, none.ToString());
        Assert.Matches(@"│ executor\s+│ warn\s+│ hangfire \(queue in postgres://[^)]+\): no live worker", none.Stdout);
        Assert.True(general.ExitCode == 0, general.ToString());
        Assert.Matches(@"│ executor\s+│ warn\s+│ .*1 live worker serving default; no worker serves highmem.*mlmax worker --pool highmem", general.Stdout);
        Assert.True(both.ExitCode == 0, both.ToString());
        Assert.Matches(@"│ executor\s+│ ok\s+│ .*2 live workers serving default, highmem", both.Stdout);
    }

    [Fact]
    public async Task WorkerScheduler_TwoWorkersPerMinuteSchedule_OneFleetRunPerSlotWithItsTrigger()
    {
        using var p = Project();
        var environment = await FleetEnvironmentAsync();
        var add = await CliProcess.RunAsync(p.Root, environment, "schedule", "add", "long", "--cron", "* * * * *", "--param", "b_seconds=0");
        Assert.True(add.ExitCode == 0, add.ToString());
        var idle = await CliProcess.RunAsync(p.Root, environment, "doctor", "--json");
        using var workers = new FleetWorkers(p.Root, environment);
        workers.Start("--scheduler");
        workers.Start("--scheduler");
        await workers.WaitForAsync("runs start on the worker fleet", Patience);

        // Each worker's scheduler checks in once it has joined the cluster: wait until doctor sees both (or Patience).
        static string SchedulerDetail(CliResult r) => r.Json.GetProperty("checks").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "scheduler").GetProperty("detail").GetString()!;
        var joined = Stopwatch.StartNew();
        var doctor = await CliProcess.RunAsync(p.Root, environment, "doctor", "--json");
        while (!SchedulerDetail(doctor).Contains("schedulers running", StringComparison.Ordinal) && joined.Elapsed < Patience)
        {
            await Task.Delay(1000);
            doctor = await CliProcess.RunAsync(p.Root, environment, "doctor", "--json");
        }

        // The next minute's slot (at most 60 s away) starts one run, submitted by one of the two workers' schedulers.
        var clock = Stopwatch.StartNew();
        JsonElement run = default;
        while (run.ValueKind == JsonValueKind.Undefined)
        {
            Assert.True(clock.Elapsed < Patience, "no scheduled run succeeded:\n" + workers.Logs());
            await Task.Delay(1000);
            var runs = await CliProcess.RunAsync(p.Root, environment, "runs", "--json");
            run = runs.Json.EnumerateArray().FirstOrDefault(r => r.GetProperty("status").GetString() == "succeeded");
        }

        var runId = run.GetProperty("run").GetString()!;
        var shown = await CliProcess.RunAsync(p.Root, environment, "show", runId, "--json");
        Assert.Equal("schedule", shown.Json.GetProperty("trigger").GetProperty("kind").GetString());
        Assert.Equal(0, shown.Json.GetProperty("trigger").GetProperty("slot").GetDateTimeOffset().Second);
        Assert.StartsWith("fleet@", shown.Json.GetProperty("owner").GetString(), StringComparison.Ordinal);
        Assert.Single(workers.All, w => w.Output.Contains($"run {runId} submitted to the fleet", StringComparison.Ordinal));

        var idleCheck = idle.Json.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "scheduler");
        Assert.Equal("warn", idleCheck.GetProperty("status").GetString());
        Assert.Contains("1 schedule, but no scheduler is running", idleCheck.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var check = doctor.Json.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "scheduler");
        Assert.Equal("ok", check.GetProperty("status").GetString());
        Assert.Matches("^1 schedule; schedulers running: .+ \\(checked in .+\\), .+ \\(checked in .+\\)$", check.GetProperty("detail").GetString());
    }
}
