using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Mlmax.Testing.Aws;
using Mlmax.Testing.S3;

namespace Mlmax.Cli.Tests.Aws;

/// <summary>
/// AWS for the CLI's tests: s3rver for S3 (real uploads and downloads) and the replay server for CloudFormation and
/// Step Functions (recorded responses, every request's signature checked), with temporary credentials whose session
/// token both must carry. The mlmax CLI reaches them through the standard variables, as it would reach AWS.
/// </summary>
public sealed class AwsFixture : IAsyncLifetime
{
    /// <summary>The session token of the test credentials (s3rver's key pair, plus a token).</summary>
    public const string SessionToken = "IQoJb3JpZ2luX2VjTESTSESSIONTOKENdoNotPrint==";

    public const string Region = "us-east-1";

    private S3Server? _s3;
    private AwsReplayServer? _replay;

    public S3Server S3 => _s3 ?? throw new InvalidOperationException("not started");

    public AwsReplayServer Replay => _replay ?? throw new InvalidOperationException("not started");

    /// <summary>The CLI's environment: credentials with a session token, the region, the endpoints, and nothing from this machine's AWS setup.</summary>
    public Dictionary<string, string> Environment()
    {
        var environment = new Dictionary<string, string>(S3.Environment)
        {
            ["AWS_SESSION_TOKEN"] = SessionToken,
            ["AWS_REGION"] = Region,
            ["AWS_CONFIG_FILE"] = "/nonexistent/mlmax-test/config",
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/mlmax-test/credentials",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };
        foreach (var (name, value) in Replay.Environment)
        {
            environment[name] = value;
        }

        return environment;
    }

    public async Task InitializeAsync()
    {
        _s3 = await S3Server.StartAsync();
        _replay = await AwsReplayServer.StartAsync(S3Server.AccessKeyId, S3Server.SecretAccessKey, SessionToken, Region);
    }

    public async Task DisposeAsync()
    {
        if (_replay is not null)
        {
            await _replay.DisposeAsync();
        }

        if (_s3 is not null)
        {
            await _s3.DisposeAsync();
        }
    }

    /// <summary>A client of s3rver, as the test's stand-in for SageMaker jobs writing outputs.</summary>
    public AmazonS3Client Client() => new(S3Server.AccessKeyId, S3Server.SecretAccessKey, new AmazonS3Config
    {
        ServiceURL = S3.Endpoint,
        ForcePathStyle = true,
        AuthenticationRegion = Region,
        RequestChecksumCalculation = Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = Amazon.Runtime.ResponseChecksumValidation.WHEN_REQUIRED,
    });

    public async Task PutAsync(string key, byte[] content)
    {
        using var client = Client();
        await client.PutObjectAsync(new PutObjectRequest { BucketName = S3Server.BucketName, Key = key, InputStream = new MemoryStream(content), UseChunkEncoding = false });
    }

    public async Task<string?> ReadAsync(string key)
    {
        using var client = Client();
        try
        {
            using var response = await client.GetObjectAsync(S3Server.BucketName, key);
            using var reader = new StreamReader(response.ResponseStream);
            return await reader.ReadToEndAsync();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<GetObjectMetadataResponse> HeadAsync(string key)
    {
        using var client = Client();
        return await client.GetObjectMetadataAsync(S3Server.BucketName, key);
    }

    /// <summary>What <c>mlmax aws container</c> records for a step: its outputs' file hashes and metrics.</summary>
    public static byte[] StepRecord(string step, string run, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> outputs, IReadOnlyDictionary<string, double> metrics) =>
        JsonSerializer.SerializeToUtf8Bytes(new
        {
            pipeline = "chain",
            step,
            run,
            job = step == "b" ? "training" : "processing",
            definition_version = "sha256:test",
            parameters = new Dictionary<string, object>(),
            metrics,
            outputs = outputs.ToDictionary(o => o.Key, o => o.Value.ToDictionary(f => f.Key, f => Sha256(f.Value))),
            environment = new Dictionary<string, string> { ["mlmax"] = "0.1.0", ["os"] = "Linux 5.10 X64", ["host"] = "ip-10-0-1-23" },
            started = "2026-11-27T10:06:40Z",
            ended = "2026-11-27T10:09:50Z",
        });

    /// <summary>A <c>.tar.gz</c> of files (relative path to text), as SageMaker packs a training job's folders.</summary>
    public static byte[] TarGz(IReadOnlyDictionary<string, string> files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, text) in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) };
                tar.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>The AWS tests share one s3rver and one replay server, one test at a time.</summary>
[CollectionDefinition("aws")]
public sealed class AwsCollection : ICollectionFixture<AwsFixture>;
