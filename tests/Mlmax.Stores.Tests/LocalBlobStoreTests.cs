using Mlmax.Artifacts;
using Mlmax.Stores.Local;

namespace Mlmax.Stores.Tests;

public sealed class LocalBlobStoreTests : BlobStoreConformanceTests, IDisposable
{
    private readonly TempDirectory _root = new();

    protected override IBlobStore CreateStore() => new LocalBlobStore(_root.Path);

    public void Dispose() => _root.Dispose();

    private string StagingDirectory => Path.Combine(_root.Path, "staging");

    [Fact]
    public async Task PutAsync_SeveralBlobs_LeavesStagingEmpty()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.PutAsync($"blobs/{i}", Bytes($"blob {i}"), CancellationToken.None);
        }

        await Store.PutAsync("blobs/0", Bytes("again"), CancellationToken.None);

        Assert.Empty(Directory.EnumerateFileSystemEntries(StagingDirectory));
    }

    [Fact]
    public async Task PutAsync_Cancelled_LeavesStagingEmpty()
    {
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Store.PutAsync("partial", new CancellingStream(cts, chunksBeforeCancel: 2), cts.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(StagingDirectory));
    }

    [Fact]
    public async Task PutAsync_ConcurrentPutsOfSameKey_LeaveOneFileAndEmptyStaging()
    {
        var content = new byte[100_000];
        new Random(3).NextBytes(content);

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            Task.Run(() => Store.PutAsync("blobs/ab/same", new MemoryStream(content), CancellationToken.None))));

        Assert.Equal([Path.Combine(_root.Path, "blobs", "ab", "same")], Directory.GetFiles(Path.Combine(_root.Path, "blobs"), "*", SearchOption.AllDirectories));
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(_root.Path, "blobs", "ab", "same")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(StagingDirectory));
    }

    [Fact]
    public async Task PutAsync_NestedKey_StoredAsFileUnderRoot()
    {
        await Store.PutAsync("trees/sha256/ab/abcd.json", Bytes("{}"), CancellationToken.None);

        Assert.Equal("{}", await File.ReadAllTextAsync(Path.Combine(_root.Path, "trees", "sha256", "ab", "abcd.json")));
        Assert.Equal(_root.Path, Store.Location);
    }

    [Fact]
    public async Task PutAsync_InvalidKey_WritesNothingOutsideRoot()
    {
        var parent = Path.GetDirectoryName(_root.Path)!;
        var escapeName = "escape-" + Guid.NewGuid().ToString("N");

        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync("../" + escapeName, Bytes("x"), CancellationToken.None));

        Assert.False(File.Exists(Path.Combine(parent, escapeName)));
    }
}
