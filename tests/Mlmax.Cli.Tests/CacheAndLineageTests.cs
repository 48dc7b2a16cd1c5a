namespace Mlmax.Cli.Tests;

/// <summary>Caching, --explain, lineage and running one step alone, through the CLI.</summary>
public sealed class CacheAndLineageTests
{
    private static Dictionary<string, System.Text.Json.JsonElement> Steps(CliResult r) =>
        r.Json.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!);

    [Fact]
    public async Task Run_Twice_SecondReusesEveryStepWithSameOutputs()
    {
        using var p = Fixtures.ChainProject();
        var first = await p.RunAsync("run", "chain", "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        var second = await p.RunAsync("run", "chain", "--json", "--explain");
        Assert.True(second.ExitCode == 0, second.ToString());
        foreach (var (name, step) in Steps(second))
        {
            Assert.Equal("cached", step.GetProperty("status").GetString());
            Assert.Contains("unchanged", step.GetProperty("why").GetString(), StringComparison.Ordinal);
            Assert.Equal(Steps(first)[name].GetProperty("outputs").GetRawText(), step.GetProperty("outputs").GetRawText());
        }
    }

    [Fact]
    public async Task Run_AfterEditingOneStepsCode_RerunsOnlyThatStepAndDownstream()
    {
        using var p = Fixtures.ChainProject();
        Assert.Equal(0, (await p.RunAsync("run", "chain")).ExitCode);
        p.Write("b.sh", Fixtures.StepB + "\n# tweak\n");
        var r = await p.RunAsync("run", "chain", "--json", "--explain");
        Assert.True(r.ExitCode == 0, r.ToString());
        var steps = Steps(r);
        Assert.Equal("cached", steps["a"].GetProperty("status").GetString());
        Assert.Equal("succeeded", steps["b"].GetProperty("status").GetString());
        Assert.Contains("code b.sh changed", steps["b"].GetProperty("why").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ParameterChanged_ExplainsOldAndNewValue()
    {
        using var p = Fixtures.ChainProject();
        Assert.Equal(0, (await p.RunAsync("run", "chain")).ExitCode);
        var r = await p.RunAsync("run", "chain", "--param", "n=2", "--json", "--explain");
        Assert.True(r.ExitCode == 0, r.ToString());
        var steps = Steps(r);
        Assert.Contains("param n changed 1 -> 2", steps["a"].GetProperty("why").GetString(), StringComparison.Ordinal);
        Assert.Equal("succeeded", steps["b"].GetProperty("status").GetString());
        Assert.Contains("input x changed", steps["b"].GetProperty("why").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NoCache_RunsEveryStep()
    {
        using var p = Fixtures.ChainProject();
        Assert.Equal(0, (await p.RunAsync("run", "chain")).ExitCode);
        var r = await p.RunAsync("run", "chain", "--no-cache", "--json");
        Assert.All(Steps(r).Values, s => Assert.Equal("succeeded", s.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Lineage_OfFinalOutput_NamesProducersCodeParametersAndData()
    {
        using var p = Fixtures.ChainProject();
        var run = await p.RunAsync("run", "chain", "--json");
        var runId = run.Json.GetProperty("run").GetString()!;
        var r = await p.RunAsync("lineage", $"{runId}/b.out", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var b = r.Json.GetProperty("upstream").GetProperty("produced_by");
        Assert.Equal("b", b.GetProperty("step").GetString());
        Assert.Equal(runId, b.GetProperty("run").GetString());
        Assert.True(b.GetProperty("code").TryGetProperty("b.sh", out var hash) && hash.GetString()!.Length == 64);
        var a = b.GetProperty("inputs").GetProperty("x").GetProperty("produced_by");
        Assert.Equal("a", a.GetProperty("step").GetString());
        Assert.Equal(1, a.GetProperty("parameters").GetProperty("n").GetInt32());
        var raw = a.GetProperty("inputs").GetProperty("raw");
        Assert.Equal("data.txt", raw.GetProperty("source").GetString());
        Assert.StartsWith("sha256:", raw.GetProperty("artifact").GetString(), StringComparison.Ordinal);
        Assert.True(File.Exists(p.PathOf($".mlmax/runs/{runId}/lineage.json")));
    }

    [Fact]
    public async Task Step_Alone_WritesSameOutputAsInsideARun()
    {
        using var p = Fixtures.ChainProject();
        var run = await p.RunAsync("run", "chain", "--json");
        var runId = run.Json.GetProperty("run").GetString()!;
        Assert.Equal(0, (await p.RunAsync("export", $"{runId}/a.out", "a-out")).ExitCode);
        var r = await p.RunAsync("step", "chain", "b", "--input", "x=a-out", "--output", "b-alone");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(0, (await p.RunAsync("export", $"{runId}/b.out", "b-run")).ExitCode);
        Assert.Equal(File.ReadAllBytes(p.PathOf("b-run/b.txt")), File.ReadAllBytes(p.PathOf("b-alone/out/b.txt")));
        Assert.Equal("HELLO\nN=1\n", File.ReadAllText(p.PathOf("b-alone/out/b.txt")));
    }
}
