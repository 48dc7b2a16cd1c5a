using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Mlmax.Artifacts;
using Mlmax.Definitions;
using Mlmax.Execution;
using Mlmax.Specs;
using Mlmax.Stores.Local;
using Mlmax.Stores.S3;
using Mlmax.Stores.Sqlite;
using Mlmax.Testing.S3;

namespace Mlmax.Stores.Tests;

/// <summary>s3:// input bindings planned against s3rver: the same artifacts as the local copies, the URL as the source, and named errors.</summary>
[Collection(S3Collection.Name)]
public sealed class S3InputsTests(S3Fixture s3) : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private readonly AmazonS3Client _client = s3.CreateClient();
    private readonly S3Root _root = S3Root.Parse(s3.Server.NewUrl("inputs"));
    private SqliteMetadataStore _metadata = null!;
    private ArtifactStore _artifacts = null!;
    private S3Inputs _inputs = null!;

    private string Root => Path.Combine(_temp.Path, "project");

    private string StateDirectory => Path.Combine(Root, ".mlmax");

    private string Url => _root.ToString();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        _metadata = new SqliteMetadataStore(Path.Combine(StateDirectory, "metadata.db"));
        await _metadata.MigrateAsync(CancellationToken.None);
        _artifacts = new ArtifactStore(new LocalBlobStore(Path.Combine(StateDirectory, "artifacts")));
        _inputs = new S3Inputs(_client);
    }

    public async Task DisposeAsync()
    {
        _inputs.Dispose();
        _client.Dispose();
        await _metadata.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    private static PipelineSpec Pipeline(InputKind kind) => new PipelineBuilder("remote")
        .Input("raw", kind)
        .Step("a", new CommandRunner(["true"]), s => s.Input("raw", "inputs.raw").Outputs("out"))
        .Build();

    private ExecutorContext Context(IRemoteInputs? remote) => new(
        Root, StateDirectory, _artifacts, _metadata, new StepLauncher(new LauncherOptions(Root, "python3", null, false, ["true"])), new NullObserver(), TimeProvider.System)
    {
        RemoteInputs = remote,
    };

    private Task<RunPlan> PlanAsync(InputKind kind, string binding, IRemoteInputs? remote = null) =>
        new RunPlanner(Context(remote ?? _inputs)).PlanAsync(
            Pipeline(kind), new Dictionary<string, string>(), new Dictionary<string, string> { ["raw"] = binding }, Root, CancellationToken.None);

    private async Task<string> ProblemAsync(InputKind kind, string binding, IRemoteInputs? remote = null)
    {
        var e = await Assert.ThrowsAsync<RunRequestException>(() => PlanAsync(kind, binding, remote));
        var problem = Assert.Single(e.Problems);
        Assert.StartsWith($"input 'raw' ({kind.ToString().ToLowerInvariant()}): ", problem, StringComparison.Ordinal);
        return problem;
    }

    private async Task PutAsync(string relative, string content) =>
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = _root.Bucket, Key = $"{_root.Prefix}/{relative}", ContentBody = content, UseChunkEncoding = false });

    private string WriteLocal(string relative, string content)
    {
        var path = Path.Combine(_temp.Path, "local", relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private void AssertNoScratchLeft()
    {
        var scratch = Path.Combine(StateDirectory, "tmp", "inputs");
        Assert.True(!Directory.Exists(scratch) || Directory.GetFileSystemEntries(scratch).Length == 0, "a scratch copy was left under .mlmax/tmp/inputs");
    }

    [Fact]
    public async Task PlanAsync_FileInputFromS3_SameArtifactAsLocalCopyAndSourceIsUrlWithETag()
    {
        await PutAsync("drops/a.csv", "x,y\n1,2\n");
        var local = WriteLocal("a.csv", "x,y\n1,2\n");

        var plan = await PlanAsync(InputKind.File, Url + "/drops/a.csv");

        var (expected, _) = await _artifacts.IngestFileAsync(local, null, CancellationToken.None);
        Assert.Equal(expected, plan.Inputs["raw"].ArtifactId);
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(Url)}/drops/a\\.csv \\(ETag \"[0-9a-f]{{32}}\"\\)$", plan.Inputs["raw"].Source);
        AssertNoScratchLeft();
    }

    [Fact]
    public async Task PlanAsync_DirectoryInputFromS3_SameArtifactAsLocalTreeAtAnyDepth()
    {
        await PutAsync("batch/a.csv", "a\n");
        await PutAsync("batch/.hidden", "h\n");
        await PutAsync("batch/2026/11/b.csv", "b\n");
        await PutAsync("batch/", string.Empty);            // a folder marker, not a file
        await PutAsync("batch-other/c.csv", "not under the prefix\n");
        WriteLocal("batch/a.csv", "a\n");
        WriteLocal("batch/.hidden", "h\n");
        WriteLocal("batch/2026/11/b.csv", "b\n");

        var plan = await PlanAsync(InputKind.Directory, Url + "/batch");

        var (expected, tree) = await _artifacts.IngestDirectoryAsync(Path.Combine(_temp.Path, "local", "batch"), CancellationToken.None);
        Assert.Equal(3, tree.Files.Count);
        Assert.Equal(expected, plan.Inputs["raw"].ArtifactId);
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(Url)}/batch/ \\(3 objects, ETags [0-9a-f]{{16}}\\)$", plan.Inputs["raw"].Source);
        AssertNoScratchLeft();
    }

    [Fact]
    public async Task PlanAsync_FileInputGivenPrefixOfOneObject_TakesThatObject()
    {
        await PutAsync("single/only.csv", "1\n");

        var plan = await PlanAsync(InputKind.File, Url + "/single/");

        Assert.StartsWith(Url + "/single/only.csv (ETag ", plan.Inputs["raw"].Source, StringComparison.Ordinal);
        Assert.Equal("only.csv", Assert.Single((await _artifacts.ReadTreeAsync(plan.Inputs["raw"].ArtifactId, CancellationToken.None)).Files).Path);
    }

    [Fact]
    public async Task PlanAsync_FileInputGivenPrefixOfSeveralObjects_ProblemSaysNameOneOrDeclareDirectory()
    {
        await PutAsync("several/a.csv", "1\n");
        await PutAsync("several/b.csv", "2\n");

        var problem = await ProblemAsync(InputKind.File, Url + "/several");

        Assert.Contains($"{Url}/several/ is a prefix of 2 objects", problem, StringComparison.Ordinal);
        Assert.Contains("declare the input as type: directory", problem, StringComparison.Ordinal);
        AssertNoScratchLeft();
    }

    [Fact]
    public async Task PlanAsync_MissingObject_ProblemNamesTheUrl()
    {
        var problem = await ProblemAsync(InputKind.File, Url + "/nothing/here.csv");

        Assert.Contains($"no object {Url}/nothing/here.csv", problem, StringComparison.Ordinal);
        Assert.Contains("check the bucket and key", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_EmptyPrefix_ProblemNamesThePrefix()
    {
        var problem = await ProblemAsync(InputKind.Directory, Url + "/empty");

        Assert.Contains($"no objects under {Url}/empty/", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_DirectoryInputGivenOneObject_ProblemSaysDeclareFile()
    {
        await PutAsync("one.csv", "1\n");

        var problem = await ProblemAsync(InputKind.Directory, Url + "/one.csv");

        Assert.Contains("is one object: declare the input as type: file", problem, StringComparison.Ordinal);
    }

    // S3 holds keys such as "up/../x" or "up//x", but the SDK normalizes dot segments and s3rver cannot store either, so
    // the rule that refuses them is checked on the listing's keys directly.
    [Theory]
    [InlineData("../../escape.csv")]
    [InlineData("/absolute.csv")]
    [InlineData("a//b.csv")]
    [InlineData("./dot.csv")]
    [InlineData("a\\b.csv")]
    public void InputLayout_KeyThatWouldEscapeTheFolder_RefusedNamingTheKey(string relative)
    {
        var e = Assert.Throws<RemoteInputException>(() => Mlmax.Stores.S3.Internal.InputLayout.Check("s3://b/up/", ["fine.csv", relative]));

        Assert.Contains($"'s3://b/up/{relative}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("would land outside the input's folder", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("fine.csv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_KeyBothFileAndFolder_RefusedNamingTheKey()
    {
        await PutAsync("clash/a", "file\n");
        await PutAsync("clash/a/b.csv", "under it\n");

        var problem = await ProblemAsync(InputKind.Directory, Url + "/clash/");

        Assert.Contains($"'{Url}/clash/a/b.csv' need a folder where another object is a file", problem, StringComparison.Ordinal);
        AssertNoScratchLeft();
    }

    [Fact]
    public async Task PlanAsync_MissingBucket_ProblemNamesTheBucket()
    {
        var problem = await ProblemAsync(InputKind.File, "s3://no-such-bucket-here/a.csv");

        Assert.Contains("no bucket 'no-such-bucket-here' for s3://no-such-bucket-here/a.csv", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_WrongCredentials_ProblemSaysAccessDeniedWithoutTheSecret()
    {
        await PutAsync("secret.csv", "1\n");
        var config = S3ClientConfiguration.FromEnvironment(name => s3.Server.Environment.GetValueOrDefault(name));
        using var client = new AmazonS3Client(new BasicAWSCredentials("SOMEONE", "ELSE-SECRET"), config);
        using var inputs = new S3Inputs(client);

        var problem = await ProblemAsync(InputKind.File, Url + "/secret.csv", inputs);

        Assert.Contains($"access denied to {Url}/secret.csv", problem, StringComparison.Ordinal);
        Assert.Contains("AWS_ACCESS_KEY_ID", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("ELSE-SECRET", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_EndpointUnreachable_ProblemSaysHowS3IsConfigured()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var config = S3ClientConfiguration.FromEnvironment(name => name == "AWS_ENDPOINT_URL" ? $"http://127.0.0.1:{port}" : null);
        config.MaxErrorRetry = 0;
        using var client = new AmazonS3Client(new BasicAWSCredentials(S3Server.AccessKeyId, S3Server.SecretAccessKey), config);
        using var inputs = new S3Inputs(client);

        var problem = await ProblemAsync(InputKind.File, Url + "/a.csv", inputs);

        Assert.Contains($"could not reach S3 for {Url}/a.csv", problem, StringComparison.Ordinal);
        Assert.Contains("the same settings as the S3 artifact store and S3 watches", problem, StringComparison.Ordinal);
        Assert.Contains("AWS_ENDPOINT_URL_S3", problem, StringComparison.Ordinal);
    }

    private sealed class NullObserver : IRunObserver
    {
        public void StepStarted(string step, int attempt)
        {
        }

        public void StepLog(string step, string line)
        {
        }

        public void StepFinished(Metadata.StepRunRecord record, string explanation)
        {
        }
    }
}
