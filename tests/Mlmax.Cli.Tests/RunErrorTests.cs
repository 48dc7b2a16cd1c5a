namespace Mlmax.Cli.Tests;

/// <summary>Bad input and failing steps: clear errors, non-zero exits, nothing half-written.</summary>
public sealed class RunErrorTests
{
    [Fact]
    public async Task Run_InvalidYaml_ExitsTwoNamingFileAndLine()
    {
        using var p = TempProject.WithPipeline("bad", "name: bad\nsteps:\n  a:\n    command: [bash, x.sh\n    outputs: [o]\n");
        var r = await p.RunAsync("run", "bad");
        Assert.Equal(2, r.ExitCode);
        Assert.Matches(@"bad\.yaml:\d+", r.All);
    }

    [Fact]
    public async Task Run_UnknownStepReference_ExitsTwoNamingKeyAndValidChoices()
    {
        using var p = TempProject.WithPipeline("bad", """
            name: bad
            steps:
              a:
                command: [bash, -c, "echo > $MLMAX_OUTPUT_O/f"]
                outputs: [o]
              b:
                command: [bash, -c, "true"]
                inputs: { x: aa.o }
                outputs: [o]
            """);
        var r = await p.RunAsync("run", "bad");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bad.yaml:8", r.All, StringComparison.Ordinal);
        Assert.Contains("steps.b.inputs.x", r.All, StringComparison.Ordinal);
        Assert.Contains("aa", r.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownParameter_ExitsTwoListingParameters()
    {
        using var p = Fixtures.ChainProject();
        var r = await p.RunAsync("run", "chain", "--param", "nn=3");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown parameter 'nn'", r.All, StringComparison.Ordinal);
        Assert.Contains("n", r.All, StringComparison.Ordinal);
        Assert.False(Directory.Exists(p.PathOf(".mlmax/runs")) && Directory.EnumerateDirectories(p.PathOf(".mlmax/runs")).Any());
    }

    [Fact]
    public async Task Run_BadlyTypedParameter_ExitsTwoNamingType()
    {
        using var p = Fixtures.ChainProject();
        var r = await p.RunAsync("run", "chain", "--param", "n=abc");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("parameter 'n' expects an integer, got 'abc'", r.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MissingInputFile_ExitsTwoNamingInputAndPath()
    {
        using var p = Fixtures.ChainProject();
        var r = await p.RunAsync("run", "chain", "--input", "raw=nope.csv");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("input 'raw'", r.All, StringComparison.Ordinal);
        Assert.Contains("nope.csv does not exist", r.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnboundInputWithoutDefault_ExitsTwoSayingHowToBind()
    {
        using var p = TempProject.WithPipeline("x", """
            name: x
            inputs:
              raw: { type: file }
            steps:
              a:
                command: [bash, -c, "cp $MLMAX_INPUT_RAW/* $MLMAX_OUTPUT_O/"]
                inputs: { raw: inputs.raw }
                outputs: [o]
            """);
        var r = await p.RunAsync("run", "x");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--input raw=PATH", r.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StepExitsNonZero_ExitsOneShowingStepAndLogTail()
    {
        using var p = Fixtures.ChainProject();
        p.Write("b.sh", "echo 'about to fail: disk says no'\nexit 7\n");
        var r = await p.RunAsync("run", "chain", "--json");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("step 'b' failed", r.All, StringComparison.Ordinal);
        Assert.Contains("exit code 7", r.All, StringComparison.Ordinal);
        Assert.Contains("about to fail: disk says no", r.Stderr, StringComparison.Ordinal);
        var steps = r.Json.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!);
        Assert.Equal("failed", steps["b"].GetProperty("status").GetString());
        Assert.Empty(steps["b"].GetProperty("outputs").EnumerateObject());
        Assert.Equal("failed", r.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Run_StepTimesOut_FailsWithTimeoutAndKillsIt()
    {
        using var p = TempProject.WithPipeline("slow", """
            name: slow
            steps:
              a:
                command: [bash, -c, "echo $$ > pid; sleep 60"]
                outputs: [o]
                timeout: 1s
            """);
        var r = await p.RunAsync("run", "slow");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("timed out after 1s", r.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StepWritesNoDeclaredOutput_FailsNamingTheOutput()
    {
        using var p = TempProject.WithPipeline("lazy", """
            name: lazy
            steps:
              a:
                command: [bash, -c, "echo hi > $MLMAX_OUTPUT_DONE/x"]
                outputs: [done, forgotten]
            """);
        var r = await p.RunAsync("run", "lazy");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("declared output(s) forgotten", r.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RetriesFlakyStep_SucceedsOnSecondAttempt()
    {
        using var p = TempProject.WithPipeline("flaky", """
            name: flaky
            steps:
              a:
                command: [bash, flaky.sh]
                outputs: [o]
                retries: { max_attempts: 3, backoff: 100ms }
            """);
        p.Write("flaky.sh", $"""
            if [ ! -f "{p.PathOf("tried")}" ]; then touch "{p.PathOf("tried")}"; echo first try fails; exit 1; fi
            echo ok > "$MLMAX_OUTPUT_O/f"
            """);
        var r = await p.RunAsync("run", "flaky");
        Assert.True(r.ExitCode == 0, r.ToString());
        var show = await p.RunAsync("runs", "--json");
        var run = show.Json[0].GetProperty("run").GetString()!;
        var detail = (await p.RunAsync("show", run, "--json")).Json;
        Assert.Equal(2, detail.GetProperty("steps")[0].GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Show_UnknownRun_ExitsTwo()
    {
        using var p = Fixtures.ChainProject();
        var r = await p.RunAsync("show", "nosuchrun");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no run 'nosuchrun'", r.All, StringComparison.Ordinal);
    }
}
