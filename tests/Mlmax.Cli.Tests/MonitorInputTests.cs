namespace Mlmax.Cli.Tests;

/// <summary><c>mlmax monitor</c>'s bad input: clear errors naming the value and how to fix it, exit code 2, before any work.</summary>
public sealed class MonitorInputTests
{
    [Theory]
    [InlineData("--since yesterday", "--since 'yesterday': expected a duration back from now (e.g. 90m, 24h, 7d, 2w) or an ISO date")]
    [InlineData("--threshold js=0.1", "--threshold js=0.1: unknown threshold 'js' (thresholds: psi, ks_p_value, js_distance")]
    [InlineData("--threshold age.psi=-1", "--threshold age.psi=-1: psi is a number of at least 0")]
    [InlineData("--threshold ks_p_value=2", "--threshold ks_p_value=2: ks_p_value is a number above 0 and below 1")]
    [InlineData("--run r1 --since 1h", "--run and --since are exclusive")]
    public async Task Monitor_BadOption_NamesItExit2(string options, string message)
    {
        using var p = new TempProject();
        Assert.Equal(0, (await CliProcess.RunAsync(Path.GetTempPath(), "init", p.Root, "--template", "census")).ExitCode);

        var r = await p.RunAsync(["monitor", "census", .. options.Split(' ')]);

        Assert.True(r.ExitCode == 2, r.All);
        Assert.Contains(message, r.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Monitor_BadMonitoringSection_FileLineAndKeyExit2()
    {
        using var p = new TempProject();
        Assert.Equal(0, (await CliProcess.RunAsync(Path.GetTempPath(), "init", p.Root, "--template", "census")).ExitCode);
        var lines = File.ReadAllLines(p.PathOf("mlmax.yaml")).Length;
        File.AppendAllText(p.PathOf("mlmax.yaml"), "monitoring:\n  thresholds:\n    psi: -0.5\n");

        var r = await p.RunAsync("monitor", "census");

        Assert.True(r.ExitCode == 2, r.All);
        Assert.Contains($"mlmax.yaml:{lines + 3}:", r.All, StringComparison.Ordinal);
        Assert.Contains("monitoring.thresholds.psi: psi -0.5 is out of range", r.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonitorHistory_UnknownModel_SaysSoExit2()
    {
        using var p = new TempProject();
        Assert.Equal(0, (await CliProcess.RunAsync(Path.GetTempPath(), "init", p.Root, "--template", "census")).ExitCode);

        var r = await p.RunAsync("monitor", "history", "nosuch");

        Assert.True(r.ExitCode == 2, r.All);
        Assert.Contains("no model 'nosuch' in the registry", r.All, StringComparison.Ordinal);
    }
}
