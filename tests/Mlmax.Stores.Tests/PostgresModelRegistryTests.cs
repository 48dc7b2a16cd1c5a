using Mlmax.Metadata;
using Mlmax.Registry;
using Mlmax.Stores.Postgres;

namespace Mlmax.Stores.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresModelRegistryTests(PostgresFixture postgres) : ModelRegistryConformanceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private string? _url;

    private string Url => _url ??= postgres.Server.CreateDatabase();

    protected override IMetadataStore CreateStore() => new PostgresMetadataStore(Url);

    protected override Task CleanupAsync() => postgres.Server.DropDatabaseAsync(Url);

    [Fact]
    public async Task RegisterAsync_EightInstancesAtOnce_NumbersEveryVersionOnce()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => new PostgresMetadataStore(Url)).ToList();
        try
        {
            var versions = await Task.WhenAll(stores.SelectMany(s => Enumerable.Range(0, 5).Select(_ => Task.Run(async () =>
                (await s.RegisterAsync(Version(), "t", null, CancellationToken.None)).Version))));

            Assert.Equal(Enumerable.Range(1, 40), versions.Order());
            Assert.Equal(40, (await Registry.HistoryAsync("census", CancellationToken.None)).Count);
        }
        finally
        {
            foreach (var s in stores)
            {
                await s.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task MoveAliasAsync_EightInstancesRaceFromSameHolder_ExactlyOneMoves()
    {
        for (var i = 0; i < 8; i++)
        {
            await Registry.RegisterAsync(Version(), "t", null, CancellationToken.None);
        }

        var stores = Enumerable.Range(0, 8).Select(_ => new PostgresMetadataStore(Url)).ToList();
        try
        {
            var outcomes = await Task.WhenAll(stores.Select((s, i) => Task.Run(async () =>
            {
                try
                {
                    await s.MoveAliasAsync("census", "production", i + 1, null,
                        new RegistryEvent("census", "promote", "production", null, i + 1, "t", T0, null, []), CancellationToken.None);
                    return i + 1;
                }
                catch (InvalidOperationException e) when (e.Message.Contains("changed meanwhile", StringComparison.Ordinal))
                {
                    return 0;
                }
            })));

            var winner = Assert.Single(outcomes, o => o != 0);
            Assert.Equal(winner, (await Registry.ResolveAsync(ModelReference.Parse("census@production"), CancellationToken.None))!.Version);
            Assert.Single(await Registry.HistoryAsync("census", CancellationToken.None), e => e.Action == "promote");
        }
        finally
        {
            foreach (var s in stores)
            {
                await s.DisposeAsync();
            }
        }
    }

    private static ModelVersionRecord Version() => new()
    {
        Name = "census",
        Version = 0,
        BundleArtifact = "sha256:" + new string('a', 64),
        Components = new Dictionary<string, string> { ["model"] = "sha256:" + new string('b', 64) },
        RunId = "run1",
        CreatedAt = T0,
    };
}
