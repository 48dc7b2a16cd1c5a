using System.Security.Cryptography;
using System.Text;
using Mlmax.Artifacts;
using Mlmax.Stores.Local;

namespace Mlmax.Core.Tests.Artifacts;

public sealed class ArtifactStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ArtifactStore _store;

    public ArtifactStoreTests() => _store = new ArtifactStore(new LocalBlobStore(_temp.Combine("store")));

    public void Dispose() => _temp.Dispose();

    private string BlobRoot => _temp.Combine("store");

    private string MakeSource(string name = "src")
    {
        _temp.Write($"{name}/a.txt", "alpha\n");
        _temp.Write($"{name}/sub/b.csv", "x,y\n1,2\n");
        _temp.Write($"{name}/sub/deeper/c.bin", new string('z', 70_000));
        _temp.Write($"{name}/.hidden", "hidden");
        return _temp.Combine(name);
    }

    private static Dictionary<string, byte[]> ReadTree(string root) =>
        Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllBytes);

    private int BlobCount() => Directory.GetFiles(Path.Combine(BlobRoot, "blobs"), "*", SearchOption.AllDirectories).Length
        + Directory.GetFiles(Path.Combine(BlobRoot, "trees"), "*", SearchOption.AllDirectories).Length;

    private string BlobPath(string sha256) => Path.Combine(BlobRoot, "blobs", "sha256", sha256[..2], sha256);

    private string TreePath(string id) => Path.Combine(BlobRoot, "trees", "sha256", ArtifactId.Hex(id)[..2], ArtifactId.Hex(id) + ".json");

    [Fact]
    public async Task MaterializeAsync_IngestedNestedDirectory_GivesIdenticalFiles()
    {
        var source = MakeSource();

        var (id, tree) = await _store.IngestDirectoryAsync(source, CancellationToken.None);
        await _store.MaterializeAsync(id, _temp.Combine("out"), CancellationToken.None);

        var expected = ReadTree(source);
        var actual = ReadTree(_temp.Combine("out"));
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        Assert.All(expected, e => Assert.Equal(e.Value, actual[e.Key]));
        Assert.True(ArtifactId.IsValid(id));
        Assert.Equal([".hidden", "a.txt", "sub/b.csv", "sub/deeper/c.bin"], tree.Files.Select(f => f.Path));
        Assert.Equal(expected.Values.Sum(v => (long)v.Length), tree.Size);
        Assert.True(await _store.ExistsAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task IngestDirectoryAsync_SameContentElsewhere_SameIdAndNoNewBlobs()
    {
        var (first, _) = await _store.IngestDirectoryAsync(MakeSource("one"), CancellationToken.None);
        var blobs = BlobCount();

        var (second, _) = await _store.IngestDirectoryAsync(MakeSource("two"), CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(blobs, BlobCount());
    }

    [Fact]
    public async Task IngestDirectoryAsync_DuplicateFilesInsideArtifact_StoredOnce()
    {
        _temp.Write("dup/x.txt", "same");
        _temp.Write("dup/y.txt", "same");

        var (_, tree) = await _store.IngestDirectoryAsync(_temp.Combine("dup"), CancellationToken.None);

        Assert.Equal(2, tree.Files.Count);
        Assert.Single(Directory.GetFiles(Path.Combine(BlobRoot, "blobs"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task IngestDirectoryAsync_FileRenamed_IdChanges()
    {
        var (before, _) = await _store.IngestDirectoryAsync(MakeSource(), CancellationToken.None);
        File.Move(_temp.Combine("src", "a.txt"), _temp.Combine("src", "a2.txt"));

        var (after, _) = await _store.IngestDirectoryAsync(_temp.Combine("src"), CancellationToken.None);

        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task IngestDirectoryAsync_OneByteChanged_IdChanges()
    {
        var (before, _) = await _store.IngestDirectoryAsync(MakeSource(), CancellationToken.None);
        _temp.Write("src/sub/b.csv", "x,y\n1,3\n");

        var (after, _) = await _store.IngestDirectoryAsync(_temp.Combine("src"), CancellationToken.None);

        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task IngestFileAsync_WithName_ArtifactHoldsFileUnderThatName()
    {
        var file = _temp.Write("data.csv", "a,b\n");

        var (id, tree) = await _store.IngestFileAsync(file, "renamed.csv", CancellationToken.None);
        await _store.MaterializeAsync(id, _temp.Combine("out"), CancellationToken.None);

        Assert.Equal("renamed.csv", Assert.Single(tree.Files).Path);
        Assert.Equal("a,b\n", await File.ReadAllTextAsync(_temp.Combine("out", "renamed.csv")));
    }

    [Fact]
    public async Task MaterializeAsync_BlobByteFlipped_ThrowsNamingFileAndRemovesBadCopy()
    {
        var (id, tree) = await _store.IngestDirectoryAsync(MakeSource(), CancellationToken.None);
        var victim = tree.Files.Single(f => f.Path == "sub/b.csv");
        var path = BlobPath(victim.Sha256);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[2] ^= 0x01;
        File.SetAttributes(path, FileAttributes.Normal);
        await File.WriteAllBytesAsync(path, bytes);
        var target = _temp.Combine("out");

        var e = await Assert.ThrowsAsync<ArtifactIntegrityException>(() => _store.MaterializeAsync(id, target, CancellationToken.None));

        Assert.Contains("sub/b.csv", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(target, "sub", "b.csv")));
    }

    [Fact]
    public async Task MaterializeAsync_BlobTruncated_ThrowsNamingFileAndRemovesBadCopy()
    {
        var (id, tree) = await _store.IngestDirectoryAsync(MakeSource(), CancellationToken.None);
        var victim = tree.Files.Single(f => f.Path == "sub/deeper/c.bin");
        await using (var stream = new FileStream(BlobPath(victim.Sha256), FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(victim.Size / 2);
        }

        var target = _temp.Combine("out");

        var e = await Assert.ThrowsAsync<ArtifactIntegrityException>(() => _store.MaterializeAsync(id, target, CancellationToken.None));

        Assert.Contains("sub/deeper/c.bin", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(target, "sub", "deeper", "c.bin")));
    }

    [Fact]
    public async Task MaterializeAsync_BlobMissing_ThrowsFileNotFound()
    {
        var (id, tree) = await _store.IngestDirectoryAsync(MakeSource(), CancellationToken.None);
        File.Delete(BlobPath(tree.Files[0].Sha256));

        Assert.False(await _store.ExistsAsync(id, CancellationToken.None));
        await Assert.ThrowsAsync<FileNotFoundException>(() => _store.MaterializeAsync(id, _temp.Combine("out"), CancellationToken.None));
    }

    [Fact]
    public async Task MaterializeAsync_TreeManifestTampered_ThrowsIntegrityException()
    {
        var (id, _) = await _store.IngestDirectoryAsync(MakeSource(), CancellationToken.None);
        var path = TreePath(id);
        var json = await File.ReadAllTextAsync(path);
        await File.WriteAllTextAsync(path, json.Replace("a.txt", "b.txt", StringComparison.Ordinal));

        var e = await Assert.ThrowsAsync<ArtifactIntegrityException>(() => _store.MaterializeAsync(id, _temp.Combine("out"), CancellationToken.None));
        Assert.Contains("manifest", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.Combine("out", "b.txt")));

        // The bad manifest was moved aside (kept), so the artifact reads as missing until its producer runs again.
        Assert.False(await _store.ExistsAsync(id, CancellationToken.None));
        Assert.Single(Directory.GetFiles(Path.Combine(BlobRoot, "quarantine")));
    }

    [Fact]
    public async Task MaterializeAsync_AfterTamperedBlobIsRefused_ReingestingTheSameContentRepairsIt()
    {
        var source = MakeSource();
        var (id, tree) = await _store.IngestDirectoryAsync(source, CancellationToken.None);
        var victim = tree.Files.Single(f => f.Path == "a.txt");
        await File.WriteAllTextAsync(BlobPath(victim.Sha256), "evil\n");

        var e = await Assert.ThrowsAsync<ArtifactIntegrityException>(() => _store.MaterializeAsync(id, _temp.Combine("bad"), CancellationToken.None));
        Assert.Contains("moved to", e.Message, StringComparison.Ordinal);
        Assert.Equal("evil\n", await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(Path.Combine(BlobRoot, "quarantine")))));

        var (again, _) = await _store.IngestDirectoryAsync(source, CancellationToken.None);
        Assert.Equal(id, again);
        await _store.MaterializeAsync(id, _temp.Combine("good"), CancellationToken.None);
        Assert.Equal(ReadTree(source), ReadTree(_temp.Combine("good")));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("sub/../../escape")]
    [InlineData("./escape")]
    [InlineData("sub//escape")]
    public async Task MaterializeAsync_CraftedManifestNonPlainPath_RefusedAndWritesNothing(string craftedPath)
    {
        var content = Encoding.UTF8.GetBytes("evil");
        var fileHex = Convert.ToHexStringLower(SHA256.HashData(content));
        await _store.Blobs.PutAsync(BlobKey.ForFile(fileHex), new MemoryStream(content), CancellationToken.None);
        var manifest = Encoding.UTF8.GetBytes(
            $$"""{"files":[{"path":"{{craftedPath}}","sha256":"{{fileHex}}","size":{{content.Length}}}]}""");
        var treeHex = Convert.ToHexStringLower(SHA256.HashData(manifest));
        await _store.Blobs.PutAsync(BlobKey.ForTree(treeHex), new MemoryStream(manifest), CancellationToken.None);
        var target = _temp.Combine("area", "target");
        Directory.CreateDirectory(target);

        await Assert.ThrowsAsync<ArtifactIntegrityException>(() => _store.MaterializeAsync(ArtifactId.Prefix + treeHex, target, CancellationToken.None));

        Assert.Empty(Directory.EnumerateFiles(_temp.Combine("area"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task MaterializeAsync_CraftedManifestAbsolutePath_RefusedAndWritesNothing()
    {
        var outside = _temp.Combine("outside.txt");
        var content = Encoding.UTF8.GetBytes("evil");
        var fileHex = Convert.ToHexStringLower(SHA256.HashData(content));
        await _store.Blobs.PutAsync(BlobKey.ForFile(fileHex), new MemoryStream(content), CancellationToken.None);
        var manifest = Encoding.UTF8.GetBytes(
            $$"""{"files":[{"path":{{System.Text.Json.JsonSerializer.Serialize(outside)}},"sha256":"{{fileHex}}","size":4}]}""");
        var treeHex = Convert.ToHexStringLower(SHA256.HashData(manifest));
        await _store.Blobs.PutAsync(BlobKey.ForTree(treeHex), new MemoryStream(manifest), CancellationToken.None);

        await Assert.ThrowsAsync<ArtifactIntegrityException>(
            () => _store.MaterializeAsync(ArtifactId.Prefix + treeHex, _temp.Combine("target"), CancellationToken.None));

        Assert.False(File.Exists(outside));
    }

    [Fact]
    public async Task ReadTreeAsync_NotAnArtifactId_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ReadTreeAsync("sha256:XYZ", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ReadTreeAsync(new string('a', 64), CancellationToken.None));
    }

    [Fact]
    public async Task IngestDirectoryAsync_Cancelled_LeavesNoArtifact()
    {
        var source = MakeSource();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.IngestDirectoryAsync(source, cts.Token));

        var trees = Path.Combine(BlobRoot, "trees");
        Assert.True(!Directory.Exists(trees) || Directory.GetFiles(trees, "*", SearchOption.AllDirectories).Length == 0);
    }
}
