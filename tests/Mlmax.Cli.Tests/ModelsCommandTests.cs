namespace Mlmax.Cli.Tests;

/// <summary>The model registry through the CLI: register, promote through gates, reject, force, roll back, tamper.</summary>
public sealed class ModelsCommandTests
{
    private static async Task<string> TrainAndRegisterAsync(TempProject p, string n)
    {
        var run = await p.RunAsync("run", "chain", "--param", $"n={n}", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var reg = await p.RunAsync("models", "register", run.Json.GetProperty("run").GetString()!, "--name", "chain",
            "--bundle", "transform=a.out", "--bundle", "model=b.out", "--metrics", "b", "--json");
        Assert.True(reg.ExitCode == 0, reg.ToString());
        return reg.Json.GetProperty("reference").GetString()!;
    }

    [Fact]
    public async Task Models_PromoteGateRejectForceRollback_RecordsEveryDecision()
    {
        using var p = Fixtures.ChainProject();
        Assert.Equal("chain:1", await TrainAndRegisterAsync(p, "1"));
        Assert.Equal("chain:2", await TrainAndRegisterAsync(p, "22"));

        var first = await p.RunAsync("models", "promote", "chain:2", "--to", "production", "--gate", "size>=11", "--why", "bigger is better");
        Assert.True(first.ExitCode == 0, first.ToString());

        var rejected = await p.RunAsync("models", "promote", "chain:1", "--to", "production", "--gate", "size drop<=0", "--json");
        Assert.Equal(1, rejected.ExitCode);
        Assert.False(rejected.Json.GetProperty("moved").GetBoolean());
        Assert.Equal("size 11 -> 10 (-1)", rejected.Json.GetProperty("gates")[0].GetProperty("detail").GetString());

        var forced = await p.RunAsync("models", "promote", "chain:1", "--to", "production", "--gate", "size drop<=0", "--force", "--why", "hotfix");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal(1, (await p.RunAsync("models", "show", "chain@production", "--json")).Json.GetProperty("version").GetProperty("version").GetInt32());

        var rollback = await p.RunAsync("models", "rollback", "chain@production", "--why", "hotfix was wrong", "--json");
        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.Equal(2, rollback.Json.GetProperty("to").GetInt32());

        var show = (await p.RunAsync("models", "show", "chain@production", "--json")).Json;
        Assert.Equal(2, show.GetProperty("version").GetProperty("version").GetInt32());
        var actions = show.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["register", "register", "promote", "reject", "promote", "rollback"], actions);
        var forcedEvent = show.GetProperty("history")[4];
        Assert.Contains("forced past failing gates: hotfix", forcedEvent.GetProperty("why").GetString(), StringComparison.Ordinal);
        Assert.Equal(Environment.UserName, forcedEvent.GetProperty("who").GetString());
    }

    [Fact]
    public async Task ModelsShow_TamperedBundleManifest_RefusedBeforeLoading()
    {
        using var p = Fixtures.ChainProject();
        await TrainAndRegisterAsync(p, "1");
        var bundle = (await p.RunAsync("models", "show", "chain:1", "--json")).Json.GetProperty("version").GetProperty("bundle").GetString()!;
        var tree = (await p.RunAsync("export", bundle, "bundle-out", "--json")).Json.GetProperty("files")[0].GetProperty("sha256").GetString()!;
        var blob = p.PathOf($".mlmax/artifacts/blobs/sha256/{tree[..2]}/{tree}");
        File.WriteAllText(blob, File.ReadAllText(blob).Replace("\"chain\"", "\"evil\"", StringComparison.Ordinal));

        var r = await p.RunAsync("models", "show", "chain:1");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("does not match its recorded hash", r.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_UnknownReferenceAndBadGate_ClearErrors()
    {
        using var p = Fixtures.ChainProject();
        await TrainAndRegisterAsync(p, "1");
        var unknown = await p.RunAsync("models", "show", "chain@production");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no chain@production: versions 1", unknown.All, StringComparison.Ordinal);
        var badGate = await p.RunAsync("models", "promote", "chain:1", "--to", "production", "--gate", "size ~ 3");
        Assert.Equal(2, badGate.ExitCode);
        Assert.Contains("METRIC>=N", badGate.All, StringComparison.Ordinal);
        var noAlias = await p.RunAsync("models", "rollback", "chain:1");
        Assert.Equal(2, noAlias.ExitCode);
        Assert.Contains("names no alias", noAlias.All, StringComparison.Ordinal);
    }
}
