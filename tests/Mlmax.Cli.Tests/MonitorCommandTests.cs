using System.Globalization;

namespace Mlmax.Cli.Tests;

/// <summary><c>mlmax monitor</c>: a batch inference run's input and predictions against the version's baselines.</summary>
public sealed class MonitorCommandTests
{
    [Fact]
    public async Task Monitor_AgeShiftedBatch_FlagsAgeExitsOneAndTheOriginalBatchDoesNot()
    {
        using var p = new TempProject();
        Assert.Equal(0, (await CliProcess.RunAsync(Path.GetTempPath(), "init", p.Root, "--template", "census")).ExitCode);
        Assert.Equal(0, (await p.RunAsync("run", "training", "--quiet")).ExitCode);
        var original = (await p.RunAsync("run", "inference", "--quiet", "--json")).Json.GetProperty("run").GetString()!;
        p.Write("data/older.csv", ShiftAge(File.ReadAllLines(p.PathOf("data/census-income-sample.csv")), 25));
        var shifted = await p.RunAsync("run", "inference", "--quiet", "--input", "data=data/older.csv", "--json");
        Assert.True(shifted.ExitCode == 0, shifted.All);

        var latest = await p.RunAsync("monitor", "census", "--json");
        var before = await p.RunAsync("monitor", "census:1", "--run", original, "--json");
        var table = await p.RunAsync("monitor", "census", "--drifted");

        Assert.True(latest.ExitCode == 1, latest.All);
        Assert.Equal(shifted.Json.GetProperty("run").GetString(), latest.Json.GetProperty("run").GetString());
        var drifted = latest.Json.GetProperty("input").GetProperty("drifted").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("age", drifted);
        Assert.DoesNotContain("age", before.Json.GetProperty("input").GetProperty("drifted").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(original, before.Json.GetProperty("run").GetString());
        Assert.Matches(@"│ age\s+│ numeric\s+│", table.Stdout);
        Assert.Contains("feature(s) crossed a threshold", table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("│ sex ", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Monitor_NoInferenceRun_ClearErrorExit2()
    {
        using var p = new TempProject();
        Assert.Equal(0, (await CliProcess.RunAsync(Path.GetTempPath(), "init", p.Root, "--template", "census")).ExitCode);
        Assert.Equal(0, (await p.RunAsync("run", "training", "--quiet")).ExitCode);

        var r = await p.RunAsync("monitor", "census");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("scored with census:1", r.All, StringComparison.Ordinal);
        Assert.Contains("mlmax run inference", r.All, StringComparison.Ordinal);
    }

    /// <summary>The census CSV with every row's age (the first column) raised.</summary>
    private static string ShiftAge(string[] lines, int years) =>
        string.Join('\n', lines.Select((line, i) =>
        {
            if (i == 0 || line.Length == 0)
            {
                return line;
            }

            var comma = line.IndexOf(',', StringComparison.Ordinal);
            var age = int.Parse(line[..comma], CultureInfo.InvariantCulture);
            return (age + years).ToString(CultureInfo.InvariantCulture) + line[comma..];
        })) + "\n";
}
