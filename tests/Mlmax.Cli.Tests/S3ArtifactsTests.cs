using System.Security.Cryptography;
using Mlmax.Testing.S3;

namespace Mlmax.Cli.Tests;

/// <summary>A throwaway S3 server (s3rver) for the tests of one class.</summary>
public sealed class S3ServerFixture : IAsyncLifetime
{
    private S3Server? _server;

    public S3Server Server => _server ?? throw new InvalidOperationException("the S3 test server did not start");

    public async Task InitializeAsync() => _server = await S3Server.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

public sealed class S3ArtifactsTests(S3ServerFixture s3) : IClassFixture<S3ServerFixture>
{
    private static Dictionary<string, System.Text.Json.JsonElement> Steps(CliResult r) =>
        r.Json.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!);

    [Fact]
    public async Task Run_ArtifactsVariableNamesS3_SecondRunCachedAndExportMatchesLocalStore()
    {
        using var p = Fixtures.ChainProject();
        var environment = new Dictionary<string, string>(s3.Server.Environment) { ["MLMAX_ARTIFACTS"] = s3.Server.NewUrl("cli") };

        var first = await CliProcess.RunAsync(p.Root, environment, "run", "chain", "--json");
        var second = await CliProcess.RunAsync(p.Root, environment, "run", "chain", "--json");
        var runId = first.Json.GetProperty("run").GetString()!;
        var export = await CliProcess.RunAsync(p.Root, environment, "export", $"{runId}/b.out", "b-s3");

        Assert.True(first.ExitCode == 0, first.ToString() + s3.Server.Output());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.All(Steps(second).Values, s => Assert.Equal("cached", s.GetProperty("status").GetString()));
        Assert.Equal(Steps(first)["b"].GetProperty("outputs").GetRawText(), Steps(second)["b"].GetProperty("outputs").GetRawText());
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.False(Directory.Exists(p.PathOf(".mlmax/artifacts")), "blobs were written to local disk although MLMAX_ARTIFACTS names S3");

        // The same pipeline on the local store: the same artifact ids, and export gives the same bytes.
        using var local = Fixtures.ChainProject();
        var localRun = await local.RunAsync("run", "chain", "--json");
        Assert.True(localRun.ExitCode == 0, localRun.ToString());
        Assert.Equal(Steps(first)["b"].GetProperty("outputs").GetRawText(), Steps(localRun)["b"].GetProperty("outputs").GetRawText());
        Assert.Equal(0, (await local.RunAsync("export", $"{localRun.Json.GetProperty("run").GetString()}/b.out", "b-local")).ExitCode);
        Assert.Equal(Hashes(local.PathOf("b-local")), Hashes(p.PathOf("b-s3")));
        Assert.Equal("HELLO\nN=1\n", File.ReadAllText(p.PathOf("b-s3/b.txt")));
    }

    [Fact]
    public async Task Doctor_ArtifactsInS3_OkForTheBucketAndFailsForAMissingOne()
    {
        using var p = Fixtures.ChainProject();
        var url = s3.Server.NewUrl("doctor");

        var reachable = await CliProcess.RunAsync(p.Root, new Dictionary<string, string>(s3.Server.Environment) { ["MLMAX_ARTIFACTS"] = url }, "doctor");
        var missing = await CliProcess.RunAsync(
            p.Root, new Dictionary<string, string>(s3.Server.Environment) { ["MLMAX_ARTIFACTS"] = "s3://no-such-bucket-here/p" }, "doctor");

        Assert.True(reachable.ExitCode == 0, reachable.ToString() + s3.Server.Output());
        Assert.Matches($@"│ artifact store\s+│ ok\s+│ {System.Text.RegularExpressions.Regex.Escape(url)}, reachable", reachable.Stdout);
        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.Matches(@"│ artifact store\s+│ fail\s+│ artifact store s3://no-such-bucket-here/p: could not list the bucket", missing.Stdout);
    }

    [Fact]
    public async Task Run_ProjectFileNamesS3_ArtifactsReadBackFromThere()
    {
        using var p = Fixtures.ChainProject();
        p.Write("mlmax.yaml", $"name: test_project\nartifacts: {s3.Server.NewUrl("cli-yaml")}\n");
        var environment = new Dictionary<string, string>(s3.Server.Environment);

        var run = await CliProcess.RunAsync(p.Root, environment, "run", "chain", "--json");
        var export = await CliProcess.RunAsync(p.Root, environment, "export", $"{run.Json.GetProperty("run").GetString()}/a.out", "a-s3");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal("hello\nn=1\n", File.ReadAllText(p.PathOf("a-s3/a.txt")));
        Assert.False(Directory.Exists(p.PathOf(".mlmax/artifacts")));
    }

    [Fact]
    public async Task Run_ArtifactsUrlEscapesBucket_FailsWithArtifactStoreMessage()
    {
        using var p = Fixtures.ChainProject();
        var environment = new Dictionary<string, string>(s3.Server.Environment) { ["MLMAX_ARTIFACTS"] = "s3://mlmax-test/a/../../etc" };

        var run = await CliProcess.RunAsync(p.Root, environment, "run", "chain");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("artifact store", run.All, StringComparison.Ordinal);
        Assert.DoesNotContain(S3Server.SecretAccessKey, run.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EndpointUnreachable_ErrorNamesTheStoreAndWhatToCheck()
    {
        using var p = Fixtures.ChainProject();
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now
        var environment = new Dictionary<string, string>(s3.Server.Environment)
        {
            ["MLMAX_ARTIFACTS"] = "s3://mlmax-test/unreachable",
            ["AWS_ENDPOINT_URL_S3"] = $"http://127.0.0.1:{port}",
            ["AWS_ENDPOINT_URL"] = $"http://127.0.0.1:{port}",
        };

        var run = await CliProcess.RunAsync(p.Root, environment, "run", "chain");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: artifact store s3://mlmax-test/unreachable: could not", run.All, StringComparison.Ordinal);
        Assert.Contains("check the endpoint AWS_ENDPOINT_URL_S3", run.All, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", run.All, StringComparison.Ordinal);
        Assert.DoesNotContain(S3Server.SecretAccessKey, run.All, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Hashes(string directory) =>
        Directory.GetFiles(directory, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(directory, f),
            f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))));
}
