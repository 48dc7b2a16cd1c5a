using Mlmax.Testing.Postgres;

namespace Mlmax.Cli.Tests;

/// <summary>A throwaway PostgreSQL server for the tests of one class.</summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("the PostgreSQL test server did not start");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

public sealed class PostgresMetadataTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task Run_MetadataVariableNamesPostgres_RunRecordedThereNotInSqlite()
    {
        using var p = Fixtures.ChainProject();
        var url = await postgres.Server.CreateDatabaseAsync("mlmax_cli");
        var environment = new Dictionary<string, string> { ["MLMAX_METADATA"] = url };

        var run = await CliProcess.RunAsync(p.Root, environment, "run", "chain");
        var runs = await CliProcess.RunAsync(p.Root, environment, "runs", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var recorded = Assert.Single(runs.Json.EnumerateArray());
        Assert.Equal(("chain", "succeeded"), (recorded.GetProperty("pipeline").GetString(), recorded.GetProperty("status").GetString()));
        Assert.False(File.Exists(p.PathOf(".mlmax/mlmax.db")), "the SQLite database was created although MLMAX_METADATA names PostgreSQL");
        var show = await CliProcess.RunAsync(p.Root, environment, "show", recorded.GetProperty("run").GetString()!, "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Empty((await p.RunAsync("runs", "--json")).Json.EnumerateArray());
    }

    [Fact]
    public async Task Run_ProjectFileNamesPostgres_SecondRunReusesCachedSteps()
    {
        using var p = Fixtures.ChainProject();
        var url = await postgres.Server.CreateDatabaseAsync("mlmax_cli");
        p.Write("mlmax.yaml", $"name: test_project\nmetadata: {url}\n");

        var first = await p.RunAsync("run", "chain");
        var second = await p.RunAsync("run", "chain");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        var runs = (await p.RunAsync("runs", "--json")).Json;
        Assert.Equal(2, runs.GetArrayLength());
        Assert.False(File.Exists(p.PathOf(".mlmax/mlmax.db")));
        var latest = (await p.RunAsync("show", runs[0].GetProperty("run").GetString()!, "--json")).Json;
        Assert.All(latest.GetProperty("steps").EnumerateArray(), s => Assert.Equal("cached", s.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Run_MetadataVariableMalformed_FailsWithoutShowingPassword()
    {
        using var p = Fixtures.ChainProject();

        var run = await CliProcess.RunAsync(p.Root, new Dictionary<string, string> { ["MLMAX_METADATA"] = "postgres://u:hunter2@:5432/d" }, "runs");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("metadata store", run.All, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_MetadataServerUnreachable_ErrorNamesTheStoreAndWhatToCheckWithoutPassword()
    {
        using var p = Fixtures.ChainProject();

        var runs = await CliProcess.RunAsync(p.Root, new Dictionary<string, string> { ["MLMAX_METADATA"] = "postgres://u:hunter2@127.0.0.1:1/d" }, "runs");

        Assert.Equal(2, runs.ExitCode);
        Assert.Contains("metadata store postgres://u@127.0.0.1:1/d:", runs.All, StringComparison.Ordinal);
        Assert.Contains("check that the database server runs", runs.All, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", runs.All, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", runs.All, StringComparison.Ordinal);
    }
}
