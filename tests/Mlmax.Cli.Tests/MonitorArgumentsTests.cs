namespace Mlmax.Cli.Tests;

/// <summary>How <c>mlmax monitor</c> and <c>mlmax monitor labels</c> parse, and their usage errors (exit 2, before any project is opened).</summary>
public sealed class MonitorArgumentsTests
{
    [Fact]
    public async Task Monitor_RequestsWithRun_Exit2NamingBothOptions()
    {
        var result = await CliProcess.RunAsync(Path.GetTempPath(), "monitor", "census", "--requests", "--run", "r1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--requests and --run exclude each other", result.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--requests", "--run", "r1", "census")]
    [InlineData("--requests", "--since", "7d", "--run", "r1", "census")]
    [InlineData("--requests", "--run=r1", "census", "--json")]
    public async Task Monitor_OptionsBeforeTheModel_ParsedAsAfterIt(params string[] args)
    {
        var result = await CliProcess.RunAsync(Path.GetTempPath(), ["monitor", .. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--requests and --run exclude each other", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonitorLabels_OptionsBeforeTheSubcommand_ParsedAsAfterIt()
    {
        var result = await CliProcess.RunAsync(Path.GetTempPath(), "monitor", "--by", "hour", "labels", "census", "--input", "labels.csv");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--by must be day, week or month, got 'hour'", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonitorLabels_WithoutInput_Exit2AskingForIt()
    {
        var result = await CliProcess.RunAsync(Path.GetTempPath(), "monitor", "labels", "census");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--input FILE is required", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonitorLabels_UnknownBucket_Exit2NamingTheChoices()
    {
        var result = await CliProcess.RunAsync(Path.GetTempPath(), "monitor", "labels", "census", "--input", "labels.csv", "--by", "hour");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--by must be day, week or month, got 'hour'", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonitorHelp_ListsHistoryAndLabels()
    {
        var result = await CliProcess.RunAsync(Path.GetTempPath(), "monitor", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("history <NAME>", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("labels <MODEL>", result.Stdout, StringComparison.Ordinal);
    }
}
