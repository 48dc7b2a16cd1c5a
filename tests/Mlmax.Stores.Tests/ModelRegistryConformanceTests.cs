using Mlmax.Metadata;
using Mlmax.Registry;

namespace Mlmax.Stores.Tests;

/// <summary>
/// The contract every <see cref="IModelRegistry"/> backend keeps (it lives beside the metadata store, which it
/// references). A backend runs it by subclassing and implementing <see cref="CreateStore"/>.
/// </summary>
public abstract class ModelRegistryConformanceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private IMetadataStore? _store;

    protected IModelRegistry Registry => (IModelRegistry)_store!;

    /// <summary>A store on an empty database that is both metadata store and registry.</summary>
    protected abstract IMetadataStore CreateStore();

    protected virtual Task CleanupAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _store = CreateStore();
        await _store.MigrateAsync(CancellationToken.None);
        await _store.CreateRunAsync(new RunRecord
        {
            Id = "run1",
            Pipeline = "training",
            DefinitionVersion = "v",
            DefinitionJson = "{}",
            Status = RunStatus.Succeeded,
            ParametersJson = "{}",
            InputsJson = "{}",
            EnvironmentJson = "{}",
            StartedAt = T0,
            Owner = "h:1",
        }, CancellationToken.None);
        foreach (var c in "abcdef")
        {
            await _store.SaveArtifactAsync(new ArtifactRecord(Id(c), 1, 1, T0), CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        await CleanupAsync();
    }

    private static string Id(char c) => "sha256:" + new string(c, 64);

    private static ModelVersionRecord Candidate(char bundle, double auc) => new()
    {
        Name = "census",
        Version = 0,
        BundleArtifact = Id(bundle),
        Components = new Dictionary<string, string> { ["model"] = Id('f'), ["transform"] = Id('e') },
        RunId = "run1",
        Metrics = new Dictionary<string, double> { ["auc"] = auc },
        CreatedAt = T0,
    };

    private static RegistryEvent Event(string action, string alias, int? from, int to) => new("census", action, alias, from, to, "tester", T0, "because", []);

    [Fact]
    public async Task RegisterAsync_ThreeVersions_NumbersFromOneAndRecordsEvents()
    {
        var versions = new List<int>();
        foreach (var c in "abc")
        {
            versions.Add((await Registry.RegisterAsync(Candidate(c, 0.8), "tester", "why", CancellationToken.None)).Version);
        }

        Assert.Equal([1, 2, 3], versions);
        var history = await Registry.HistoryAsync("census", CancellationToken.None);
        Assert.Equal(["register", "register", "register"], history.Select(e => e.Action));
        Assert.Equal("tester", history[0].Who);
    }

    [Fact]
    public async Task ResolveAsync_NameVersionAndAlias_FindTheRightVersion()
    {
        await Registry.RegisterAsync(Candidate('a', 0.8), "t", null, CancellationToken.None);
        await Registry.RegisterAsync(Candidate('b', 0.9), "t", null, CancellationToken.None);
        await Registry.MoveAliasAsync("census", "production", 1, null, Event("promote", "production", null, 1), CancellationToken.None);

        Assert.Equal(2, (await Registry.ResolveAsync(ModelReference.Parse("census"), CancellationToken.None))!.Version);
        Assert.Equal(1, (await Registry.ResolveAsync(ModelReference.Parse("census:1"), CancellationToken.None))!.Version);
        var production = await Registry.ResolveAsync(ModelReference.Parse("census@production"), CancellationToken.None);
        Assert.Equal(1, production!.Version);
        Assert.Equal(["production"], production.Aliases);
        Assert.Null(await Registry.ResolveAsync(ModelReference.Parse("census@staging"), CancellationToken.None));
        Assert.Null(await Registry.ResolveAsync(ModelReference.Parse("census:9"), CancellationToken.None));
    }

    [Fact]
    public async Task MoveAliasAsync_HolderChangedMeanwhile_RefusesAndLeavesAliasAlone()
    {
        await Registry.RegisterAsync(Candidate('a', 0.8), "t", null, CancellationToken.None);
        await Registry.RegisterAsync(Candidate('b', 0.9), "t", null, CancellationToken.None);
        await Registry.MoveAliasAsync("census", "production", 1, null, Event("promote", "production", null, 1), CancellationToken.None);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Registry.MoveAliasAsync("census", "production", 2, null, Event("promote", "production", null, 2), CancellationToken.None));
        Assert.Contains("changed meanwhile", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await Registry.ResolveAsync(ModelReference.Parse("census@production"), CancellationToken.None))!.Version);
        Assert.Single(await Registry.HistoryAsync("census", CancellationToken.None), h => h.Action == "promote");
    }

    [Fact]
    public async Task ArchiveAsync_VersionHoldingAlias_IsRefused()
    {
        await Registry.RegisterAsync(Candidate('a', 0.8), "t", null, CancellationToken.None);
        await Registry.MoveAliasAsync("census", "production", 1, null, Event("promote", "production", null, 1), CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Registry.ArchiveAsync("census", 1, Event("archive", "", null, 1), CancellationToken.None));
        Assert.False((await Registry.ResolveAsync(ModelReference.Parse("census:1"), CancellationToken.None))!.Archived);
    }

    [Fact]
    public async Task ArchiveAsync_FreeVersion_IsArchivedAndSkippedByLatest()
    {
        await Registry.RegisterAsync(Candidate('a', 0.8), "t", null, CancellationToken.None);
        await Registry.RegisterAsync(Candidate('b', 0.9), "t", null, CancellationToken.None);
        await Registry.ArchiveAsync("census", 2, Event("archive", "", null, 2), CancellationToken.None);
        Assert.True((await Registry.ResolveAsync(ModelReference.Parse("census:2"), CancellationToken.None))!.Archived);
        Assert.Equal(1, (await Registry.ResolveAsync(ModelReference.Parse("census"), CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task Promoter_GateFails_RecordsRejectionAndKeepsHolder()
    {
        var promoter = new ModelPromoter(Registry, TimeProvider.System);
        var v1 = await Registry.RegisterAsync(Candidate('a', 0.80), "t", null, CancellationToken.None);
        var v2 = await Registry.RegisterAsync(Candidate('b', 0.75), "t", null, CancellationToken.None);
        var gates = new[] { new Specs.PromotionGate("auc") { MaxDrop = 0.01 } };
        Assert.True((await promoter.PromoteAsync(v1, "production", gates, "t", null, false, CancellationToken.None)).Moved);

        var outcome = await promoter.PromoteAsync(v2, "production", gates, "t", "try", false, CancellationToken.None);
        Assert.False(outcome.Moved);
        Assert.Contains(outcome.Gates, g => !g.Passed && g.Detail.Contains("0.8 -> 0.75", StringComparison.Ordinal));
        Assert.Equal(1, (await Registry.ResolveAsync(ModelReference.Parse("census@production"), CancellationToken.None))!.Version);
        var history = await Registry.HistoryAsync("census", CancellationToken.None);
        var reject = history[^1];
        Assert.Equal(("reject", 1, 2), (reject.Action, reject.FromVersion!.Value, reject.ToVersion!.Value));
        Assert.False(reject.Gates.Single().Passed);
    }

    [Fact]
    public async Task Promoter_RollbackTwice_WalksBackThroughHolders()
    {
        var promoter = new ModelPromoter(Registry, TimeProvider.System);
        foreach (var c in "abc")
        {
            var v = await Registry.RegisterAsync(Candidate(c, 0.8), "t", null, CancellationToken.None);
            await promoter.PromoteAsync(v, "production", [], "t", null, false, CancellationToken.None);
        }

        Assert.Equal(2, (await promoter.RollbackAsync("census", "production", "t", "bad scores", CancellationToken.None)).To);
        Assert.Equal(1, (await promoter.RollbackAsync("census", "production", "t", "still bad", CancellationToken.None)).To);
        Assert.Equal(1, (await Registry.ResolveAsync(ModelReference.Parse("census@production"), CancellationToken.None))!.Version);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => promoter.RollbackAsync("census", "production", "t", null, CancellationToken.None));
        Assert.Contains("no earlier holder", e.Message, StringComparison.Ordinal);
    }
}

public sealed class SqliteModelRegistryTests : ModelRegistryConformanceTests
{
    private readonly TempDirectory _directory = new();

    protected override IMetadataStore CreateStore() => new Sqlite.SqliteMetadataStore(Path.Combine(_directory.Path, "registry.db"));

    protected override Task CleanupAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
