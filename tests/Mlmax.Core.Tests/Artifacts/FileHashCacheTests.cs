using Mlmax.Artifacts;
using Mlmax.Stores.Local;

namespace Mlmax.Core.Tests.Artifacts;

public sealed class FileHashCacheTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private ArtifactStore Store() =>
        new(new LocalBlobStore(_temp.Combine("store")), new FileHashCache(_temp.Combine("cache/file-hashes.json")));

    [Fact]
    public async Task IngestFileAsync_LargeFileUnchangedSizeAndTime_ReusesRememberedHashWithoutReading()
    {
        var file = _temp.Combine("big.csv");
        await File.WriteAllBytesAsync(file, Enumerable.Repeat((byte)'a', 2 << 20).ToArray());
        var stamp = File.GetLastWriteTimeUtc(file);
        var (first, _) = await Store().IngestFileAsync(file, null, CancellationToken.None);

        // Same size and modification time: the cache (a new instance, read from disk) answers without reading the bytes.
        await File.WriteAllBytesAsync(file, Enumerable.Repeat((byte)'b', 2 << 20).ToArray());
        File.SetLastWriteTimeUtc(file, stamp);
        var (second, _) = await Store().IngestFileAsync(file, null, CancellationToken.None);
        Assert.Equal(first, second);

        // A new modification time: re-hashed, so the new content gets its own id.
        File.SetLastWriteTimeUtc(file, stamp.AddSeconds(1));
        var (third, _) = await Store().IngestFileAsync(file, null, CancellationToken.None);
        Assert.NotEqual(first, third);
    }

    [Fact]
    public async Task IngestFileAsync_RememberedBlobDeleted_RehashesAndStoresAgain()
    {
        var file = _temp.Combine("big.csv");
        await File.WriteAllBytesAsync(file, Enumerable.Repeat((byte)'c', 2 << 20).ToArray());
        var store = Store();
        var (id, tree) = await store.IngestFileAsync(file, null, CancellationToken.None);
        var hex = tree.Files[0].Sha256;
        File.Delete(_temp.Combine($"store/blobs/sha256/{hex[..2]}/{hex}"));

        var (again, _) = await Store().IngestFileAsync(file, null, CancellationToken.None);
        Assert.Equal(id, again);
        Assert.True(await store.ExistsAsync(again, CancellationToken.None));
    }

    [Fact]
    public void TryGet_CorruptCacheFile_StartsEmpty()
    {
        _temp.Write("cache/file-hashes.json", "{not json");
        _temp.Write("x.bin", "x");
        Assert.Null(new FileHashCache(_temp.Combine("cache/file-hashes.json")).TryGet(_temp.Combine("x.bin")));
    }
}
