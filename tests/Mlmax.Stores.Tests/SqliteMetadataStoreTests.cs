using Microsoft.Data.Sqlite;
using Mlmax.Metadata;
using Mlmax.Stores.Sqlite;

namespace Mlmax.Stores.Tests;

public sealed class SqliteMetadataStoreTests : MetadataStoreConformanceTests
{
    private readonly TempDirectory _directory = new();

    private string DatabasePath => Path.Combine(_directory.Path, "state", "metadata.db");

    protected override IMetadataStore CreateStore() => new SqliteMetadataStore(DatabasePath);

    protected override Task CleanupAsync()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void Constructor_MissingDirectory_CreatesDirectoryAndDatabase() =>
        Assert.True(File.Exists(DatabasePath));

    [Fact]
    public async Task GetSchemaVersionAsync_FreshFile_IsZero()
    {
        await using var fresh = new SqliteMetadataStore(Path.Combine(_directory.Path, "fresh", "metadata.db"));

        Assert.Equal(0, await fresh.GetSchemaVersionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_TwoInstancesOnSameFileInParallel_AllWritesSucceed()
    {
        await using var first = new SqliteMetadataStore(DatabasePath);
        await using var second = new SqliteMetadataStore(DatabasePath);
        await first.MigrateAsync(CancellationToken.None);
        await second.MigrateAsync(CancellationToken.None);

        var writes = new[] { first, second }.SelectMany((store, s) => Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            var id = $"s{s}-run{i:D2}";
            var artifact = "sha256:" + $"{s}{i:D2}".PadRight(64, 'e');
            await store.CreateRunAsync(Run(id, started: T0.AddSeconds(i)), CancellationToken.None);
            await store.SaveStepRunAsync(
                StepRun(id, "a", outputs: new Dictionary<string, string> { ["out"] = artifact }),
                Artifacts(artifact), CancellationToken.None);
            await store.UpdateRunAsync(Run(id, started: T0.AddSeconds(i), status: RunStatus.Succeeded), CancellationToken.None);
        }))).ToList();
        await Task.WhenAll(writes);

        var runs = await Store.ListRunsAsync(null, 1000, CancellationToken.None);
        Assert.Equal(100, runs.Count);
        Assert.All(runs, r => Assert.Equal(RunStatus.Succeeded, r.Status));
        Assert.Equal(100, runs.Select(r => r.Id).Distinct().Count());
        Assert.Single(await Store.GetStepRunsAsync("s1-run49", CancellationToken.None));
    }

    [Fact]
    public async Task MigrateAsync_TwoInstancesOnFreshFileConcurrently_BothSucceed()
    {
        var fresh = Path.Combine(_directory.Path, "fresh", "metadata.db");
        await using var first = new SqliteMetadataStore(fresh);
        await using var second = new SqliteMetadataStore(fresh);

        await Task.WhenAll(Task.Run(() => first.MigrateAsync(CancellationToken.None)), Task.Run(() => second.MigrateAsync(CancellationToken.None)));

        await first.CreateRunAsync(Run("r1"), CancellationToken.None);
        Assert.NotNull(await second.GetRunAsync("r1", CancellationToken.None));
    }

    [Fact]
    public async Task MigrateAsync_UsesWalJournal()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task MigrateAsync_DatabaseFromNewerVersion_RefusedWithUpgradeMessage()
    {
        var newer = Path.Combine(_directory.Path, "newer.db");
        await using (var connection = new SqliteConnection($"Data Source={newer};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "CREATE TABLE future (x INTEGER); PRAGMA user_version = 99;";
            await cmd.ExecuteNonQueryAsync();
        }

        await using var store = new SqliteMetadataStore(newer);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => store.MigrateAsync(CancellationToken.None));

        Assert.Contains("upgrade", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("99", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveStepRunAsync_ForUnknownRun_FailsAndRecordsNothing()
    {
        var x = ArtifactId('a');

        await Assert.ThrowsAsync<SqliteException>(() => Store.SaveStepRunAsync(
            StepRun("ghost", "a", outputs: new Dictionary<string, string> { ["o"] = x }), Artifacts(x), CancellationToken.None));

        Assert.Empty(await Store.GetStepRunsAsync("ghost", CancellationToken.None));
        Assert.Empty(await Store.FindArtifactsAsync(x, CancellationToken.None));
    }
}
