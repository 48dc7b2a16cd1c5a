namespace Mlmax.Cli.Tests;

/// <summary><c>mlmax doctor</c>: a table (or JSON) of checks, exit 1 when one fails, never a secret in the output.</summary>
public sealed class DoctorCommandTests
{
    private const string FakeKeyId = "AKIAIOSFODNN7EXAMPLE";
    private const string FakeSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    [Fact]
    public async Task Doctor_FreshCensusProject_PassesAndNamesTheChecks()
    {
        using var p = new TempProject();
        Assert.Equal(0, (await CliProcess.RunAsync(Path.GetTempPath(), "init", p.Root, "--template", "census")).ExitCode);

        var r = await p.RunAsync("doctor");

        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var check in new[] { "mlmax", "project", "pipelines", "dotnet sdk", "metadata store", "artifact store", "executor", "scheduler" })
        {
            Assert.Matches($@"│ {check}\s+│ ok\s+│", r.Stdout);
        }

        Assert.Contains("3 valid: generate, inference, training", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("ready", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_Json_ParsesWithEveryCheck()
    {
        using var p = new TempProject();
        Assert.Equal(0, (await CliProcess.RunAsync(Path.GetTempPath(), "init", p.Root, "--template", "census")).ExitCode);

        var r = await p.RunAsync("doctor", "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(r.Json.GetProperty("passed").GetBoolean());
        Assert.Equal(p.Root, r.Json.GetProperty("project").GetString());
        var checks = r.Json.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal(new[] { "mlmax", "project", "pipelines", "dotnet sdk", "metadata store", "artifact store", "executor", "scheduler" }, checks.Keys);
        Assert.All(checks.Values, s => Assert.Equal("ok", s));
        Assert.All(r.Json.GetProperty("checks").EnumerateArray(), c => Assert.NotEmpty(c.GetProperty("detail").GetString()!));
    }

    [Fact]
    public async Task Doctor_BrokenPipelineDefinition_FailsNamingFileAndLine()
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

        var r = await p.RunAsync("doctor");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Matches(@"│ pipelines\s+│ fail\s+│ pipelines/bad\.yaml:8:\d+: steps\.b\.inputs\.x", r.Stdout);
        Assert.Contains("1 check failed", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_PostgresPortClosed_FailsMetadataCheckWithoutPassword()
    {
        using var p = Fixtures.ChainProject();
        var environment = new Dictionary<string, string> { ["MLMAX_METADATA"] = "postgres://mlmax:hunter2-secret@127.0.0.1:1/mlmax" };

        var table = await CliProcess.RunAsync(p.Root, environment, "doctor");
        var json = await CliProcess.RunAsync(p.Root, environment, "doctor", "--json");

        Assert.True(table.ExitCode == 1, table.ToString());
        Assert.Matches(@"│ metadata store\s+│ fail\s+│ postgres://mlmax@127\.0\.0\.1:1/mlmax: ", table.Stdout);
        Assert.Contains("check that the database server runs", table.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, json.ExitCode);
        var metadata = json.Json.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "metadata store");
        Assert.Equal("fail", metadata.GetProperty("status").GetString());
        Assert.False(json.Json.GetProperty("passed").GetBoolean());
        Assert.DoesNotContain("hunter2", table.All + json.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DoctorAws_EnvironmentKeys_ReportsRegionAndSourceWithMaskedKeyAndNoSecret()
    {
        using var p = Fixtures.ChainProject();
        using var home = new TempProject();
        var environment = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = FakeKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = FakeSecret,
            ["AWS_REGION"] = "eu-west-1",
        };

        var json = await RunWithoutAwsSettingsAsync(p.Root, home.Root, environment, "doctor", "--aws", "--json");
        var table = await RunWithoutAwsSettingsAsync(p.Root, home.Root, environment, "doctor", "--aws");

        Assert.True(json.ExitCode == 0, json.ToString());
        var aws = json.Json.GetProperty("aws");
        Assert.Equal("eu-west-1", aws.GetProperty("region").GetString());
        Assert.Equal("AWS_REGION", aws.GetProperty("region_source").GetString());
        Assert.Equal("env", aws.GetProperty("credential_source").GetString());
        Assert.Equal("AKIA****MPLE", aws.GetProperty("access_key_id").GetString());
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Matches(@"│ aws credentials\s+│ ok\s+│ env: AWS_ACCESS_KEY_ID AKIA\*\*\*\*MPLE", table.Stdout);
        Assert.Matches(@"│ aws region\s+│ ok\s+│ eu-west-1 \(AWS_REGION\)", table.Stdout);
        Assert.DoesNotContain(FakeSecret, table.All + json.All, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeKeyId, table.All + json.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_ProjectDeployedToAws_ChecksAwsWithoutTheFlag()
    {
        using var p = Fixtures.ChainProject();
        using var home = new TempProject();
        var without = await RunWithoutAwsSettingsAsync(p.Root, home.Root, new Dictionary<string, string>(), "doctor");
        p.Write(".mlmax/aws/chain.json", "{}");

        var deployed = await RunWithoutAwsSettingsAsync(p.Root, home.Root, new Dictionary<string, string>(), "doctor");

        Assert.True(without.ExitCode == 0, without.ToString());
        Assert.DoesNotContain("aws credentials", without.Stdout, StringComparison.Ordinal);
        Assert.True(deployed.ExitCode == 1, deployed.ToString());
        Assert.Matches(@"│ aws credentials\s+│ fail\s+│ no AWS credentials", deployed.Stdout);
    }

    [Fact]
    public async Task DoctorAws_NoCredentialsNoRegion_FailsSayingHowToConfigure()
    {
        using var p = Fixtures.ChainProject();
        using var home = new TempProject();

        var r = await RunWithoutAwsSettingsAsync(p.Root, home.Root, new Dictionary<string, string>(), "doctor", "--aws");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Matches(@"│ aws credentials\s+│ fail\s+│ no AWS credentials", r.Stdout);
        Assert.Matches(@"│ aws region\s+│ fail\s+│ no AWS region", r.Stdout);
        foreach (var hint in new[] { "aws configure", "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION" })
        {
            Assert.Contains(hint, r.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("2 checks failed", r.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Runs the CLI with none of this machine's AWS settings: no AWS_* variable, an empty home, no instance metadata.</summary>
    private static Task<CliResult> RunWithoutAwsSettingsAsync(string directory, string home, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = CliProcess.StartInfo(directory, args);
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(name);
        }

        psi.Environment["HOME"] = home;
        psi.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }

        return CliProcess.RunAsync(psi);
    }
}
