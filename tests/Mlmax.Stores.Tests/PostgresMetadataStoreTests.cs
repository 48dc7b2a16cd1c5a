using Mlmax.Metadata;
using Mlmax.Stores.Postgres;
using Npgsql;

namespace Mlmax.Stores.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresMetadataStoreTests(PostgresFixture postgres) : MetadataStoreConformanceTests
{
    private string? _url;

    private string Url => _url ??= postgres.Server.CreateDatabase();

    protected override IMetadataStore CreateStore() => new PostgresMetadataStore(Url);

    protected override Task CleanupAsync() => postgres.Server.DropDatabaseAsync(Url);

    [Fact]
    public async Task MigrateAsync_FreshDatabase_RecordsVersionsOneAndTwo()
    {
        Assert.Equal([1, 2, 3, 4, 5], await QueryAsync(Url, "SELECT version FROM mlmax_schema ORDER BY version;"));
    }

    [Fact]
    public async Task GetSchemaVersionAsync_FreshDatabase_IsZeroAndCreatesNothing()
    {
        var fresh = await postgres.Server.CreateDatabaseAsync();
        try
        {
            await using (var store = new PostgresMetadataStore(fresh))
            {
                Assert.Equal(0, await store.GetSchemaVersionAsync(CancellationToken.None));
            }

            Assert.Equal([0], await QueryAsync(fresh, "SELECT count(*)::int FROM information_schema.tables WHERE table_name = 'mlmax_schema';"));
        }
        finally
        {
            await postgres.Server.DropDatabaseAsync(fresh);
        }
    }

    [Fact]
    public async Task MigrateAsync_EightInstancesOnFreshDatabaseAtOnce_MigrateOnce()
    {
        var fresh = await postgres.Server.CreateDatabaseAsync();
        var stores = Enumerable.Range(0, 8).Select(_ => new PostgresMetadataStore(fresh)).ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync(CancellationToken.None))));

            Assert.Equal([1, 2, 3, 4, 5], await QueryAsync(fresh, "SELECT version FROM mlmax_schema ORDER BY version;"));
            await stores[0].CreateRunAsync(Run("r1"), CancellationToken.None);
            Assert.NotNull(await stores[7].GetRunAsync("r1", CancellationToken.None));
        }
        finally
        {
            foreach (var s in stores)
            {
                await s.DisposeAsync();
            }

            await postgres.Server.DropDatabaseAsync(fresh);
        }
    }

    [Fact]
    public async Task MigrateAsync_DatabaseFromNewerVersion_RefusedWithUpgradeMessage()
    {
        await QueryAsync(Url, "INSERT INTO mlmax_schema (version) VALUES (99);");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.MigrateAsync(CancellationToken.None));

        Assert.Contains("upgrade", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("99", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveStepRunAsync_ForUnknownRun_FailsAndRecordsNothing()
    {
        var x = ArtifactId('a');

        await Assert.ThrowsAsync<PostgresException>(() => Store.SaveStepRunAsync(
            StepRun("ghost", "a", outputs: new Dictionary<string, string> { ["o"] = x }), Artifacts(x), CancellationToken.None));

        Assert.Empty(await Store.GetStepRunsAsync("ghost", CancellationToken.None));
        Assert.Empty(await Store.FindArtifactsAsync(x, CancellationToken.None));
    }

    [Fact]
    public async Task GetRunAsync_UpperCasePrefix_MatchesLikeSqlite()
    {
        await Store.CreateRunAsync(Run("20260301-120000-abcd"), CancellationToken.None);

        Assert.Equal("20260301-120000-abcd", (await Store.GetRunAsync("20260301-120000-AB", CancellationToken.None))?.Id);
    }

    [Fact]
    public async Task ListRunsAsync_TimesWithOffsets_OrderedByInstantAndReadBackEqual()
    {
        var east = new DateTimeOffset(2026, 3, 1, 13, 30, 0, TimeSpan.FromHours(2));
        var west = new DateTimeOffset(2026, 3, 1, 7, 0, 0, TimeSpan.FromHours(-5));
        await Store.CreateRunAsync(Run("east", started: east), CancellationToken.None);
        await Store.CreateRunAsync(Run("west", started: west), CancellationToken.None);

        var runs = await Store.ListRunsAsync(null, 10, CancellationToken.None);

        Assert.Equal(["west", "east"], runs.Select(r => r.Id));
        Assert.Equal(west, runs[0].StartedAt);
    }

    [Fact]
    public async Task WriteAsync_EightInstancesInParallel_AllWritesSucceed()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => new PostgresMetadataStore(Url)).ToList();
        try
        {
            var shared = ArtifactId('s');
            await Task.WhenAll(stores.SelectMany((store, s) => Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
            {
                var id = $"s{s}-run{i:D2}";
                var artifact = "sha256:" + $"{s}{i:D2}".PadRight(64, 'e');
                await store.CreateRunAsync(Run(id, started: T0.AddSeconds(i)), CancellationToken.None);
                await store.SaveStepRunAsync(
                    StepRun(id, "a", inputs: new Dictionary<string, string> { ["in"] = shared }, outputs: new Dictionary<string, string> { ["out"] = artifact }),
                    Artifacts(artifact, shared), CancellationToken.None);
                await store.UpdateRunAsync(Run(id, started: T0.AddSeconds(i), status: RunStatus.Succeeded), CancellationToken.None);
            }))));

            var runs = await Store.ListRunsAsync(null, 1000, CancellationToken.None);
            Assert.Equal(160, runs.Count);
            Assert.All(runs, r => Assert.Equal(RunStatus.Succeeded, r.Status));
            Assert.Equal(160, (await Store.GetArtifactUsesAsync(shared, CancellationToken.None)).Count);
        }
        finally
        {
            foreach (var s in stores)
            {
                await s.DisposeAsync();
            }
        }
    }

    internal static async Task<List<int>> QueryAsync(string url, string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresConnectionString.Parse(url) + ";Pooling=false");
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        var values = new List<int>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return values;
    }
}
