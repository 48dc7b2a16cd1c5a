using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Mlmax.Artifacts;
using Mlmax.Stores.S3;

namespace Mlmax.Stores.Tests;

[Collection(S3Collection.Name)]
public sealed class S3BlobStoreTests(S3Fixture s3) : BlobStoreConformanceTests, IDisposable
{
    private readonly (RecordingHttpClientFactory Http, AmazonS3Client Client) _s3 = Connect(s3);

    // One prefix per test: the suite's lazy Store may call CreateStore from several threads at once, and every store it
    // makes must see the same blobs (as LocalBlobStore's over one directory do).
    private readonly S3Root _location = S3Root.Parse(s3.Server.NewUrl());

    private RecordingHttpClientFactory Http => _s3.Http;

    private AmazonS3Client Client => _s3.Client;

    private S3BlobStore S3Store => (S3BlobStore)Store;

    protected override IBlobStore CreateStore() => new S3BlobStore(_location, Client, TimeProvider.System);

    public void Dispose() => Client.Dispose();

    [Fact]
    public async Task CheckAccessAsync_ExistingBucket_Succeeds()
    {
        await S3Store.CheckAccessAsync(CancellationToken.None);

        Assert.Equal(1, Http.Count("GET", "list-type=2"));
    }

    [Fact]
    public async Task CheckAccessAsync_MissingBucket_ThrowsUnavailableNamingTheStore()
    {
        using var store = new S3BlobStore(new S3Root("no-such-bucket-here", "p"), Client, TimeProvider.System);

        var e = await Assert.ThrowsAsync<ArtifactStoreUnavailableException>(() => store.CheckAccessAsync(CancellationToken.None));

        Assert.Contains("s3://no-such-bucket-here/p", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutAsync_100MiBBlob_UploadedInPartsAndReadBackWithSameSha256()
    {
        const long size = 100L << 20;
        var source = new PatternStream(size, seed: 5);

        await Store.PutAsync("blobs/sha256/la/large", source, CancellationToken.None);

        var (read, hash) = await HashAsync("blobs/sha256/la/large");
        Assert.Equal(size, read);
        Assert.Equal(source.Sha256(), hash);
        Assert.Equal((int)Math.Ceiling((double)size / S3BlobStore.PartSize), Http.Count("PUT", "uploadId="));
        Assert.Equal(1, Http.Count("POST", "uploads"));
        Assert.Equal(1, Http.Count("POST", "uploadId="));
    }

    [Fact]
    public async Task PutAsync_ExactlyOnePart_RoundTripsWithSameSha256()
    {
        var source = new PatternStream(S3BlobStore.PartSize, seed: 9);

        await Store.PutAsync("one-part", source, CancellationToken.None);

        Assert.Equal((S3BlobStore.PartSize, source.Sha256()), await HashAsync("one-part"));
    }

    [Fact]
    public async Task PutAsync_CancelledAfterFirstPart_NothingVisibleAndUploadAborted()
    {
        using var cts = new CancellationTokenSource();
        var chunksPerPart = S3BlobStore.PartSize >> 16;
        var content = new CancellingStream(cts, chunksBeforeCancel: chunksPerPart + chunksPerPart / 2);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.PutAsync("blobs/partial", content, cts.Token));

        Assert.Equal(1, Http.Count("PUT", "uploadId="));
        Assert.False(await Store.ExistsAsync("blobs/partial", CancellationToken.None));
        await Assert.ThrowsAsync<FileNotFoundException>(() => Store.OpenReadAsync("blobs/partial", CancellationToken.None));

        // Every multipart upload begun was aborted. (s3rver implements neither ListMultipartUploads nor the abort itself,
        // so the store's requests are what can be checked here; on S3, MinIO and the like the abort drops the parts.)
        var used = Http.UploadIdsUsed();
        Assert.Single(used);
        Assert.Equal(used, Http.UploadIdsAborted());
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("blobs/../../escape")]
    [InlineData("/escape")]
    [InlineData("%2E%2E/escape")]
    [InlineData("..%2Fescape")]
    [InlineData("blobs%2F..%2F..%2Fescape")]
    [InlineData("blobs\\..\\escape")]
    [InlineData("blobs/./x")]
    public async Task AnyOperation_KeyTryingToLeaveThePrefix_RefusedAndNothingWritten(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, Bytes("x"), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ExistsAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenReadAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.QuarantineAsync(key, CancellationToken.None));

        var everything = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = S3Store.Root.Bucket });
        Assert.DoesNotContain(everything.S3Objects ?? [], o => o.Key.Contains("escape", StringComparison.Ordinal));
        Assert.Equal(0, Http.Count("PUT", string.Empty));
    }

    [Fact]
    public async Task QuarantineAsync_StoredBlob_CopyKeptUnderPrefixQuarantine()
    {
        var content = RandomBytes(70_000, seed: 13);
        await Store.PutAsync("blobs/sha256/qq/bad", new MemoryStream(content), CancellationToken.None);

        var kept = await Store.QuarantineAsync("blobs/sha256/qq/bad", CancellationToken.None);

        var prefix = $"s3://{S3Store.Root.Bucket}/{S3Store.Root.Prefix}/quarantine/blobs/sha256/qq/bad.";
        Assert.StartsWith(prefix, kept, StringComparison.Ordinal);
        using var copy = await Client.GetObjectAsync(S3Store.Root.Bucket, kept![$"s3://{S3Store.Root.Bucket}/".Length..]);
        Assert.Equal(SHA256.HashData(content), await SHA256.HashDataAsync(copy.ResponseStream));
        Assert.False(await Store.ExistsAsync("blobs/sha256/qq/bad", CancellationToken.None));
    }

    [Fact]
    public async Task ArtifactStore_OverS3_IngestsAndMaterializesDirectoryIdentically()
    {
        using var source = new TempDirectory();
        using var target = new TempDirectory();
        var files = new Dictionary<string, byte[]>
        {
            ["model.bin"] = RandomBytes((20 << 20) + 123, seed: 1),
            ["metrics.json"] = "{\"auc\": 0.91}"u8.ToArray(),
            ["nested/deeper/part-0.csv"] = RandomBytes(300_001, seed: 2),
            ["nested/empty"] = [],
            ["copy-of-metrics.json"] = "{\"auc\": 0.91}"u8.ToArray(),
        };
        foreach (var (path, bytes) in files)
        {
            var full = Path.Combine(source.Path, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllBytesAsync(full, bytes);
        }

        var artifacts = new ArtifactStore(Store);
        var (id, tree) = await artifacts.IngestDirectoryAsync(source.Path, CancellationToken.None);
        var again = await artifacts.IngestDirectoryAsync(source.Path, CancellationToken.None);
        await artifacts.MaterializeAsync(id, target.Path, CancellationToken.None);

        Assert.Equal(id, again.Id);
        Assert.True(await artifacts.ExistsAsync(id, CancellationToken.None));
        Assert.Equal(files.Keys.Order(StringComparer.Ordinal), tree.Files.Select(f => f.Path));
        foreach (var (path, bytes) in files)
        {
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(target.Path, path)))));
        }
    }

    [Fact]
    public async Task ArtifactStore_OverS3_TamperedBlobDetectedAndQuarantined()
    {
        using var source = new TempDirectory();
        using var target = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(source.Path, "a.txt"), "the real content");
        var artifacts = new ArtifactStore(Store);
        var (id, tree) = await artifacts.IngestDirectoryAsync(source.Path, CancellationToken.None);
        var objectKey = S3Store.Root.ObjectKey(BlobKey.ForFile(tree.Files[0].Sha256));
        await Client.PutObjectAsync(new PutObjectRequest { BucketName = S3Store.Root.Bucket, Key = objectKey, ContentBody = "tampered", UseChunkEncoding = false });

        var e = await Assert.ThrowsAsync<ArtifactIntegrityException>(() => artifacts.MaterializeAsync(id, target.Path, CancellationToken.None));

        Assert.Contains("/quarantine/", e.Message, StringComparison.Ordinal);
        Assert.False(await Store.ExistsAsync(BlobKey.ForFile(tree.Files[0].Sha256), CancellationToken.None));
        await artifacts.IngestDirectoryAsync(source.Path, CancellationToken.None);
        await artifacts.MaterializeAsync(id, target.Path, CancellationToken.None);
        Assert.Equal("the real content", await File.ReadAllTextAsync(Path.Combine(target.Path, "a.txt")));
    }

    [Fact]
    public void Location_IsTheUrl()
    {
        Assert.Equal($"s3://{S3Store.Root.Bucket}/{S3Store.Root.Prefix}", Store.Location);
    }

    private static (RecordingHttpClientFactory, AmazonS3Client) Connect(S3Fixture s3)
    {
        var http = new RecordingHttpClientFactory();
        return (http, s3.CreateClient(http));
    }

    private async Task<(long Size, string Sha256)> HashAsync(string key)
    {
        await using var stream = await Store.OpenReadAsync(key, CancellationToken.None);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long size = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            size += read;
        }

        return (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
