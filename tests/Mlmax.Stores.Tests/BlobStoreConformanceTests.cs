using System.Text;
using Mlmax.Artifacts;

namespace Mlmax.Stores.Tests;

/// <summary>
/// The contract every <see cref="IBlobStore"/> backend keeps. A backend runs it by subclassing and implementing
/// <see cref="CreateStore"/>; each test gets a fresh, empty store.
/// </summary>
public abstract class BlobStoreConformanceTests
{
    private IBlobStore? _store;

    /// <summary>The store under test, created on first use.</summary>
    protected IBlobStore Store => _store ??= CreateStore();

    /// <summary>Creates an empty store for one test.</summary>
    /// <returns>The store.</returns>
    protected abstract IBlobStore CreateStore();

    protected static MemoryStream Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    protected async Task<byte[]> ReadAllAsync(string key)
    {
        await using var stream = await Store.OpenReadAsync(key, CancellationToken.None);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    [Fact]
    public async Task PutAsync_ThenOpenRead_ReturnsSameBytes()
    {
        var content = new byte[300_000];
        new Random(7).NextBytes(content);

        await Store.PutAsync("blobs/sha256/ab/abc", new MemoryStream(content), CancellationToken.None);

        Assert.Equal(content, await ReadAllAsync("blobs/sha256/ab/abc"));
    }

    [Fact]
    public async Task QuarantineAsync_StoredBlob_IsGoneAndCanBeWrittenAgain()
    {
        await Store.PutAsync("blobs/q/one", Bytes("bad"), CancellationToken.None);
        Assert.NotNull(await Store.QuarantineAsync("blobs/q/one", CancellationToken.None));
        Assert.False(await Store.ExistsAsync("blobs/q/one", CancellationToken.None));
        Assert.Null(await Store.QuarantineAsync("blobs/q/one", CancellationToken.None));
        await Store.PutAsync("blobs/q/one", Bytes("good"), CancellationToken.None);
        Assert.Equal("good", Encoding.UTF8.GetString(await ReadAllAsync("blobs/q/one")));
    }

    [Fact]
    public async Task PutAsync_EmptyContent_RoundTripsAsEmptyBlob()
    {
        await Store.PutAsync("empty", new MemoryStream(), CancellationToken.None);

        Assert.True(await Store.ExistsAsync("empty", CancellationToken.None));
        Assert.Empty(await ReadAllAsync("empty"));
    }

    [Fact]
    public async Task ExistsAsync_BeforeAndAfterPut_FalseThenTrue()
    {
        Assert.False(await Store.ExistsAsync("trees/x.json", CancellationToken.None));

        await Store.PutAsync("trees/x.json", Bytes("{}"), CancellationToken.None);

        Assert.True(await Store.ExistsAsync("trees/x.json", CancellationToken.None));
        Assert.False(await Store.ExistsAsync("trees/y.json", CancellationToken.None));
    }

    [Fact]
    public async Task ExistsAsync_KeyIsPrefixOfExistingKey_False()
    {
        await Store.PutAsync("dir/file", Bytes("x"), CancellationToken.None);

        Assert.False(await Store.ExistsAsync("dir", CancellationToken.None));
    }

    [Fact]
    public async Task PutAsync_ExistingKey_KeepsFirstContent()
    {
        await Store.PutAsync("k", Bytes("first"), CancellationToken.None);

        await Store.PutAsync("k", Bytes("second"), CancellationToken.None);

        Assert.Equal("first", Encoding.UTF8.GetString(await ReadAllAsync("k")));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("/abs")]
    [InlineData("A")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    [InlineData("a/../b")]
    [InlineData("..")]
    [InlineData("")]
    [InlineData("a/")]
    [InlineData("a\\b")]
    public async Task AnyOperation_InvalidKey_ThrowsArgumentException(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, Bytes("x"), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ExistsAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenReadAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task OpenReadAsync_MissingBlob_ThrowsFileNotFoundException()
    {
        await Store.PutAsync("present", Bytes("x"), CancellationToken.None);

        await Assert.ThrowsAsync<FileNotFoundException>(() => Store.OpenReadAsync("absent", CancellationToken.None));
    }

    [Fact]
    public async Task PutAsync_CancelledMidStream_LeavesNothingVisible()
    {
        using var cts = new CancellationTokenSource();
        var content = new CancellingStream(cts, chunksBeforeCancel: 2);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.PutAsync("partial", content, cts.Token));

        Assert.True(content.ChunksRead >= 1, "the store should have started reading before it was cancelled");
        Assert.False(await Store.ExistsAsync("partial", CancellationToken.None));
        await Assert.ThrowsAsync<FileNotFoundException>(() => Store.OpenReadAsync("partial", CancellationToken.None));
    }

    [Fact]
    public async Task PutAsync_AlreadyCancelledToken_LeavesNothingVisible()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.PutAsync("never", Bytes("x"), cts.Token));

        Assert.False(await Store.ExistsAsync("never", CancellationToken.None));
    }

    [Fact]
    public async Task PutAsync_ManyConcurrentPutsOfSameKey_OneCorrectBlob()
    {
        var content = new byte[200_000];
        new Random(11).NextBytes(content);
        using var start = new ManualResetEventSlim();

        var puts = Enumerable.Range(0, 24).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            await Store.PutAsync("blobs/same", new MemoryStream(content), CancellationToken.None);
        })).ToList();
        start.Set();
        await Task.WhenAll(puts);

        Assert.True(await Store.ExistsAsync("blobs/same", CancellationToken.None));
        Assert.Equal(content, await ReadAllAsync("blobs/same"));
    }

    [Fact]
    public async Task PutAsync_ConcurrentPutsOfDifferentKeys_AllReadable()
    {
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => Store.PutAsync($"many/{i}", Bytes($"content {i}"), CancellationToken.None))));

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal($"content {i}", Encoding.UTF8.GetString(await ReadAllAsync($"many/{i}")));
        }
    }

    /// <summary>Yields 64 KiB chunks of data and cancels its token after a number of them.</summary>
    protected sealed class CancellingStream(CancellationTokenSource cts, int chunksBeforeCancel) : Stream
    {
        public int ChunksRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Next(buffer.AsSpan(offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Next(buffer.Span));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Next(Span<byte> buffer)
        {
            ChunksRead++;
            if (ChunksRead >= chunksBeforeCancel)
            {
                cts.Cancel();
            }

            var n = Math.Min(buffer.Length, 1 << 16);
            buffer[..n].Fill((byte)'x');
            return n;
        }
    }
}
