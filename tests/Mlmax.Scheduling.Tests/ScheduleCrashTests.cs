using System.Diagnostics;
using System.Globalization;

namespace Mlmax.Scheduling.Tests;

/// <summary>
/// A scheduler process killed with SIGKILL in the middle of a slot (the Victim helper), then another scheduler on the
/// same database: the slot's run is started exactly once in all, whether or not the killed one had recorded it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ScheduleCrashTests(PostgresFixture postgres)
{
    private const string Key = "schedule:nightly@2026-03-28T03:00:00Z";
    private static readonly DateTimeOffset Start = Slots.Utc("2026-03-28T02:59:30Z");

    [Theory]
    [InlineData("sqlite", "before-record", 1)]
    [InlineData("sqlite", "after-record", 0)]
    [InlineData("postgres", "before-record", 1)]
    [InlineData("postgres", "after-record", 0)]
    public async Task Restart_AfterKillMidSlot_SlotHasExactlyOneRun(string backend, string mode, int launchesAfterRestart)
    {
        await using var h = backend == "sqlite"
            ? await SchedulerHarness.SqliteAsync(Start.AddMinutes(5))
            : await SchedulerHarness.PostgresAsync(postgres, Start.AddMinutes(5));

        await KillMidSlotAsync(h.Location, mode, mode == "before-record" ? "fired " + Key : "recorded " + Key);
        await h.StartRunnerAsync("node-b");
        if (launchesAfterRestart > 0)
        {
            await Eventually.TrueAsync(() => h.Launcher.Recorded.Count >= launchesAfterRestart, "the recovered slot's run");
        }

        await Eventually.SettleAsync(1500);
        await h.AdvanceAsync(TimeSpan.FromMinutes(10), 6);
        await Eventually.SettleAsync();

        Assert.Equal(launchesAfterRestart, h.Launcher.Calls.Count);
        Assert.All(h.Launcher.Calls, c => Assert.Equal(Key, c.Trigger.Key));
        var run = await h.Metadata.FindRunByTriggerAsync(Key, CancellationToken.None);
        Assert.NotNull(run);
        Assert.Equal(mode == "after-record" ? "victim" : "test", run.Owner);
    }

    private static async Task KillMidSlotAsync(string database, string mode, string waitFor)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Mlmax.Scheduling.Tests.Victim.dll"), database, mode, Start.ToString("O", CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var victim = Process.Start(psi)!;
        var stderr = victim.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (await victim.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line == waitFor)
                {
                    victim.Kill(entireProcessTree: true);   // SIGKILL: no shutdown, no cleanup
                    await victim.WaitForExitAsync(timeout.Token);
                    return;
                }
            }

            Assert.Fail($"the victim ended before '{waitFor}': exit {victim.ExitCode}\n{await stderr}");
        }
        finally
        {
            if (!victim.HasExited)
            {
                victim.Kill(entireProcessTree: true);
            }
        }
    }
}
