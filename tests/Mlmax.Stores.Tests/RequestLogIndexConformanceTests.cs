using Mlmax.Metadata;

namespace Mlmax.Stores.Tests;

/// <summary>
/// The request log segment index every <see cref="IMetadataStore"/> backend keeps (schema version 5). A backend runs it
/// by subclassing and implementing <see cref="CreateStore"/> (an empty database per test).
/// </summary>
public abstract class RequestLogIndexConformanceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private IMetadataStore? _store;

    private IMetadataStore Store => _store ?? throw new InvalidOperationException("not initialized");

    /// <summary>Creates a store on an empty database.</summary>
    /// <returns>The store, not yet migrated.</returns>
    protected abstract IMetadataStore CreateStore();

    /// <summary>Removes the test's database after the store is disposed.</summary>
    /// <returns>A task.</returns>
    protected virtual Task CleanupAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _store = CreateStore();
        await _store.MigrateAsync(CancellationToken.None);
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

    private static RequestLogSegment Segment(char id, int version, int firstHour, int lastHour, string model = "census") =>
        new(Id(id), model, version, T0.AddHours(firstHour), T0.AddHours(lastHour), 10 * (lastHour - firstHour + 1), T0.AddHours(lastHour).AddMinutes(1));

    private async Task SaveAsync(RequestLogSegment segment) =>
        await Store.SaveRequestLogSegmentAsync(segment, new ArtifactRecord(segment.ArtifactId, 100, 1, segment.CreatedAt), CancellationToken.None);

    [Fact]
    public async Task SaveRequestLogSegmentAsync_NewSegment_ListsItBackWithItsArtifact()
    {
        var segment = Segment('a', 3, 0, 2);
        await SaveAsync(segment);

        Assert.Equal(segment, Assert.Single(await Store.ListRequestLogSegmentsAsync("census", null, null, null, CancellationToken.None)));
        Assert.Equal(new ArtifactRecord(segment.ArtifactId, 100, 1, segment.CreatedAt), Assert.Single(await Store.FindArtifactsAsync(segment.ArtifactId, CancellationToken.None)));
    }

    [Fact]
    public async Task SaveRequestLogSegmentAsync_SameSegmentTwice_IndexesItOnce()
    {
        await SaveAsync(Segment('a', 1, 0, 0));
        await SaveAsync(Segment('a', 1, 0, 0));

        Assert.Single(await Store.ListRequestLogSegmentsAsync("census", null, null, null, CancellationToken.None));
    }

    [Fact]
    public async Task ListRequestLogSegmentsAsync_Window_ReturnsOverlappingSegmentsOldestFirst()
    {
        await SaveAsync(Segment('c', 1, 10, 12));
        await SaveAsync(Segment('a', 1, 0, 1));
        await SaveAsync(Segment('b', 1, 3, 5));
        await SaveAsync(Segment('d', 1, 4, 4, model: "other"));

        var window = await Store.ListRequestLogSegmentsAsync("census", null, T0.AddHours(1), T0.AddHours(10), CancellationToken.None);
        var since = await Store.ListRequestLogSegmentsAsync("census", null, T0.AddHours(2), null, CancellationToken.None);
        var until = await Store.ListRequestLogSegmentsAsync("census", null, null, T0.AddHours(2.5), CancellationToken.None);

        Assert.Equal([Id('a'), Id('b'), Id('c')], window.Select(s => s.ArtifactId));
        Assert.Equal([Id('b'), Id('c')], since.Select(s => s.ArtifactId));
        Assert.Equal([Id('a')], until.Select(s => s.ArtifactId));
    }

    [Fact]
    public async Task ListRequestLogSegmentsAsync_Version_ReturnsOnlyThatVersion()
    {
        await SaveAsync(Segment('a', 1, 0, 1));
        await SaveAsync(Segment('b', 2, 1, 2));

        Assert.Equal([Id('b')], (await Store.ListRequestLogSegmentsAsync("census", 2, null, null, CancellationToken.None)).Select(s => s.ArtifactId));
        Assert.Empty(await Store.ListRequestLogSegmentsAsync("census", 3, null, null, CancellationToken.None));
        Assert.Empty(await Store.ListRequestLogSegmentsAsync("nothing", null, null, null, CancellationToken.None));
    }
}
