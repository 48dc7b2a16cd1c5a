using System.Collections.Concurrent;
using Amazon.Runtime;
using Amazon.S3;
using Mlmax.Aws.Api;
using Mlmax.Stores.S3;
using Mlmax.Testing.S3;

namespace Mlmax.Aws.Tests.Api;

/// <summary>A throwaway s3rver for the tests of one class.</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    private S3Server? _server;

    public S3Server Server => _server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _server = await S3Server.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

public sealed class EncryptedBucketTests(S3rverFixture s3) : IClassFixture<S3rverFixture>, IDisposable
{
    private const string Key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"mlmax-bucket-{Guid.NewGuid():N}.bin");
    private readonly ConcurrentQueue<(string Method, IDictionary<string, string> Headers)> _sent = new();

    private EncryptedBucket Open()
    {
        var client = new AmazonS3Client(new BasicAWSCredentials(S3Server.AccessKeyId, S3Server.SecretAccessKey), new AmazonS3Config
        {
            ServiceURL = s3.Server.Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });

        // The headers exactly as the SDK sends them.
        client.BeforeRequestEvent += (_, e) =>
        {
            if (e is WebServiceRequestEventArgs w)
            {
                _sent.Enqueue((w.Request.GetType().Name, new Dictionary<string, string>(w.Headers, StringComparer.OrdinalIgnoreCase)));
            }
        };
        return new EncryptedBucket(client, S3Server.BucketName, Key, "us-east-1", new Uri(s3.Server.Endpoint));
    }

    [Fact]
    public async Task UploadFileAsync_NewThenSame_SentWithSseKmsOnceThenSkipped()
    {
        File.WriteAllText(_file, "runtime bytes\n");
        var key = S3Root.Parse(s3.Server.NewUrl("bucket")).Prefix + "/code/0123456789abcdef/runtime.tar.gz";
        using var bucket = Open();

        var first = await bucket.UploadFileAsync(key, _file, CancellationToken.None);
        var second = await bucket.UploadFileAsync(key, _file, CancellationToken.None);
        File.WriteAllText(_file, "runtime bytes, changed\n");
        var third = await bucket.UploadFileAsync(key, _file, CancellationToken.None);

        Assert.Equal(new[] { UploadOutcome.Uploaded, UploadOutcome.Unchanged, UploadOutcome.Uploaded }, new[] { first, second, third });
        var puts = _sent.Where(s => s.Method == "PutObjectRequest").ToList();
        Assert.Equal(2, puts.Count);
        Assert.All(puts, p =>
        {
            Assert.Equal("aws:kms", p.Headers["x-amz-server-side-encryption"]);
            Assert.Equal(Key, p.Headers["x-amz-server-side-encryption-aws-kms-key-id"]);
            Assert.Matches("^[0-9a-f]{64}$", p.Headers["x-amz-meta-sha256"]);
        });
        Assert.Equal(Mlmax.Identity.Hashing.Sha256File(_file), await bucket.HashOfAsync(key, CancellationToken.None));
        var copy = _file + ".down";
        Assert.True(await bucket.DownloadAsync(key, copy, CancellationToken.None));
        Assert.Equal("runtime bytes, changed\n", File.ReadAllText(copy));
        File.Delete(copy);
        Assert.Equal([key], await bucket.ListAsync(key[..key.LastIndexOf('/')], CancellationToken.None));
    }

    [Fact]
    public void HttpsUrl_AwsAndEndpoint_VirtualHostedOrPathStyle()
    {
        using var aws = new EncryptedBucket(new AmazonS3Client(new AnonymousAWSCredentials(), new AmazonS3Config { RegionEndpoint = Amazon.RegionEndpoint.EUWest1 }), "my-bucket", Key, "eu-west-1", null);
        using var local = Open();

        Assert.Equal("https://my-bucket.s3.eu-west-1.amazonaws.com/mlmax/templates/t%20a.json", aws.HttpsUrl("mlmax/templates/t a.json"));
        Assert.Equal($"{s3.Server.Endpoint}/{S3Server.BucketName}/p/t.json", local.HttpsUrl("p/t.json"));
    }

    public void Dispose() => File.Delete(_file);
}
