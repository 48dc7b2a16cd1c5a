using System.Net;
using Amazon;
using Amazon.S3;
using Amazon.S3.Model;
using Mlmax.Identity;
using Mlmax.Stores.S3;

namespace Mlmax.Aws.Api;

/// <summary>What an upload did.</summary>
public enum UploadOutcome
{
    /// <summary>The object was written.</summary>
    Uploaded,

    /// <summary>An object with the same SHA-256 was already there: nothing was sent.</summary>
    Unchanged,
}

/// <summary>
/// A project's S3 bucket, through the AWS SDK's S3 client: every object is written with SSE-KMS under the project's
/// key (the bucket policy of <c>mlmax aws env</c> refuses anything else) and carries its SHA-256 as the metadata
/// <c>x-amz-meta-sha256</c>, so unchanged files are not sent again and downloads can be checked.
/// </summary>
public sealed partial class EncryptedBucket : IDisposable
{
    /// <summary>The metadata key holding an object's SHA-256.</summary>
    public const string HashMetadata = "sha256";

    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;
    private readonly string _region;
    private readonly Uri? _endpoint;

    /// <summary>Opens a bucket with a client for the settings' region, credentials and S3 endpoint.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="bucket">The bucket.</param>
    /// <param name="kmsKeyArn">The KMS key every upload is encrypted with.</param>
    public EncryptedBucket(AwsSettings settings, string bucket, string kmsKeyArn)
        : this(new AmazonS3Client(settings.SdkCredentials, Config(settings)), bucket, kmsKeyArn, settings.Region, settings.Endpoints.S3)
    {
        _ownsClient = true;
    }

    /// <summary>Opens a bucket with a client the caller owns.</summary>
    /// <param name="client">The S3 client.</param>
    /// <param name="bucket">The bucket.</param>
    /// <param name="kmsKeyArn">The KMS key every upload is encrypted with.</param>
    /// <param name="region">The bucket's region (for its HTTPS URL).</param>
    /// <param name="endpoint">An S3 endpoint used instead of AWS's (path-style URLs), or <see langword="null"/>.</param>
    public EncryptedBucket(IAmazonS3 client, string bucket, string kmsKeyArn, string region, Uri? endpoint)
    {
        _client = client;
        Bucket = bucket;
        KmsKeyArn = kmsKeyArn;
        _region = region;
        _endpoint = endpoint;
    }

    /// <summary>The bucket's name.</summary>
    public string Bucket { get; }

    /// <summary>The bucket's region.</summary>
    public string Region => _region;

    /// <summary>The KMS key of uploads.</summary>
    public string KmsKeyArn { get; }

    /// <summary>The <c>s3://</c> URI of a key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The URI.</returns>
    public string S3Uri(string key) => $"s3://{Bucket}/{key}";

    /// <summary>The HTTPS URL of a key (what CloudFormation's <c>TemplateURL</c> takes).</summary>
    /// <param name="key">The key.</param>
    /// <returns>The URL.</returns>
    public string HttpsUrl(string key) => _endpoint is { } e
        ? $"{e.GetLeftPart(UriPartial.Authority)}/{Bucket}/{string.Join('/', key.Split('/').Select(SigV4Signer.UriEncode))}"
        : $"https://{Bucket}.s3.{_region}.amazonaws.com{(_region.StartsWith("cn-", StringComparison.Ordinal) ? ".cn" : "")}/{string.Join('/', key.Split('/').Select(SigV4Signer.UriEncode))}";

    /// <summary>Uploads a file unless an object with the same SHA-256 is already at <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it was sent.</returns>
    public async Task<UploadOutcome> UploadFileAsync(string key, string path, CancellationToken cancellationToken)
    {
        var hash = Hashing.Sha256File(path);
        if (await HashOfAsync(key, cancellationToken) == hash)
        {
            return UploadOutcome.Unchanged;
        }

        var size = new FileInfo(path).Length;
        await Guard("upload to", key, async () =>
        {
            if (size > MultipartThreshold)
            {
                await UploadInPartsAsync(key, path, size, hash, cancellationToken);
            }
            else
            {
                var request = new PutObjectRequest
                {
                    BucketName = Bucket,
                    Key = key,
                    FilePath = path,
                    ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
                    ServerSideEncryptionKeyManagementServiceKeyId = KmsKeyArn,

                    // A plain signed payload rather than aws-chunked: S3-compatible servers store what is sent (see S3BlobStore).
                    UseChunkEncoding = false,
                };
                request.Metadata.Add(HashMetadata, hash);
                await _client.PutObjectAsync(request, cancellationToken);
            }
        });
        return UploadOutcome.Uploaded;
    }

    /// <summary>The SHA-256 recorded on an object, or <see langword="null"/> when it is missing or has none.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The hash.</returns>
    public async Task<string?> HashOfAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var head = await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = key }, cancellationToken);
            return head.Metadata.Keys.Contains("x-amz-meta-" + HashMetadata) ? head.Metadata["x-amz-meta-" + HashMetadata]
                : head.Metadata.Keys.Contains(HashMetadata) ? head.Metadata[HashMetadata]
                : null;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonS3Exception e)
        {
            throw Failure("read", key, e);
        }
    }

    /// <summary>The keys under a prefix, sorted.</summary>
    /// <param name="prefix">The prefix.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The keys.</returns>
    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        string? token = null;
        await Guard("list", prefix, async () =>
        {
            do
            {
                var page = await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix, ContinuationToken = token }, cancellationToken);
                keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
                token = page.IsTruncated == true ? page.NextContinuationToken : null;
            }
            while (token is not null);
        });
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <summary>Downloads an object to a file (its folder is created).</summary>
    /// <param name="key">The key.</param>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when there is no such object.</returns>
    public async Task<bool> DownloadAsync(string key, string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            using var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key }, cancellationToken);
            await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await response.ResponseStream.CopyToAsync(file, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (AmazonS3Exception e)
        {
            throw Failure("download", key, e);
        }
    }

    /// <summary>Disposes the client if this bucket created it.</summary>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private static AmazonS3Config Config(AwsSettings settings)
    {
        // The checksum settings of the artifact store's client; the endpoint and region of these settings.
        var config = S3ClientConfiguration.FromEnvironment(_ => null);
        if (settings.Endpoints.S3 is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = settings.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region);
        }

        return config;
    }

    private async Task Guard(string what, string key, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (AmazonS3Exception e)
        {
            throw Failure(what, key, e);
        }
    }

    private AwsApiException Failure(string what, string key, AmazonS3Exception e) =>
        new("S3", $"{what} {S3Uri(key)}", (int)e.StatusCode, e.ErrorCode ?? "Error", e.Message, e.RequestId);
}
