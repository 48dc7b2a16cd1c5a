using System.Globalization;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Mlmax.Artifacts;
using Mlmax.Stores.S3.Internal;

namespace Mlmax.Stores.S3;

/// <summary>
/// Blobs as objects under one <c>s3://BUCKET/PREFIX</c>. A write is one PUT (or, above <see cref="PartSize"/>, one
/// multipart upload) straight to the final key: S3 publishes an object whole when the PUT or the completion succeeds,
/// so readers never see part of one and no staging copy is needed. A failed or cancelled multipart upload is aborted.
/// </summary>
public sealed partial class S3BlobStore : IBlobStore, IDisposable
{
    /// <summary>The size of a multipart upload's parts, and the size from which a blob is uploaded in parts. <value>16 MiB.</value></summary>
    public const int PartSize = 16 << 20;

    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;
    private readonly TimeProvider _time;

    /// <summary>Creates the store with a client configured from the environment (see <see cref="S3ClientConfiguration"/>).</summary>
    /// <param name="url">The <c>s3://BUCKET/PREFIX</c> URL.</param>
    /// <exception cref="FormatException">The URL or the configured endpoint is malformed.</exception>
    public S3BlobStore(string url)
        : this(S3Root.Parse(url), new AmazonS3Client(S3ClientConfiguration.FromEnvironment()), TimeProvider.System)
    {
        _ownsClient = true;
    }

    /// <summary>Creates the store over a client the caller owns.</summary>
    /// <param name="root">The bucket and prefix.</param>
    /// <param name="client">The S3 client; see <see cref="S3ClientConfiguration"/> for the settings S3-compatible servers need.</param>
    /// <param name="time">Stamps quarantined copies.</param>
    public S3BlobStore(S3Root root, IAmazonS3 client, TimeProvider time)
    {
        Root = root;
        _client = client;
        _time = time;
    }

    /// <summary>The bucket and prefix.</summary>
    public S3Root Root { get; }

    /// <inheritdoc/>
    public string Location => Root.ToString();

    /// <inheritdoc/>
    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        var objectKey = Root.ObjectKey(key);
        try
        {
            await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Root.Bucket, Key = objectKey }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (Exception e) when (IsServiceFailure(e))
        {
            throw Unavailable("check whether a blob exists", e);
        }
    }

    /// <summary>
    /// Checks that the bucket answers with the configured endpoint, region and credentials: lists at most one object
    /// under the prefix (a missing bucket fails here, where a HEAD on a missing key would not).
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ArtifactStoreUnavailableException">The bucket is missing or not reachable, or access is denied.</exception>
    public async Task CheckAccessAsync(CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = Root.Bucket, Prefix = Root.Prefix.Length == 0 ? null : Root.Prefix + "/", MaxKeys = 1 };
        try
        {
            await _client.ListObjectsV2Async(request, cancellationToken);
        }
        catch (Exception e) when (IsServiceFailure(e))
        {
            throw Unavailable("list the bucket", e);
        }
    }

    /// <inheritdoc/>
    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var objectKey = Root.ObjectKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        if (await ExistsAsync(key, cancellationToken))
        {
            return;
        }

        try
        {
            await UploadAsync(objectKey, content, cancellationToken);
        }
        catch (Exception e) when (IsServiceFailure(e))
        {
            throw Unavailable("write a blob", e);
        }
    }

    /// <inheritdoc/>
    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var objectKey = Root.ObjectKey(key);
        try
        {
            var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = Root.Bucket, Key = objectKey }, cancellationToken);
            return new ObjectStream(response);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new FileNotFoundException($"blob '{key}' is missing from {Location}", Root.UrlOf(objectKey), e);
        }
        catch (Exception e) when (IsServiceFailure(e))
        {
            throw Unavailable("read a blob", e);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The bad copy is streamed through this process rather than copied server-side: CopyObject stops at 5 GiB, and some
    /// S3-compatible servers (s3rver) do not decode the <c>x-amz-copy-source</c> the SDK sends. Quarantine is rare.
    /// </remarks>
    public async Task<string?> QuarantineAsync(string key, CancellationToken cancellationToken)
    {
        var objectKey = Root.ObjectKey(key);
        var suffix = string.Create(CultureInfo.InvariantCulture, $"{_time.GetUtcNow():yyyyMMddHHmmssfff}.{Guid.NewGuid():N}");
        var target = Root.QuarantineKey(key, suffix);
        GetObjectResponse response;
        try
        {
            response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = Root.Bucket, Key = objectKey }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null; // absent, or another reader moved it first
        }

        await using (var bad = new ObjectStream(response))
        {
            await UploadAsync(target, bad, cancellationToken);
        }

        await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Root.Bucket, Key = objectKey }, cancellationToken);
        return Root.UrlOf(target);
    }

    /// <summary>An error of the service or the connection to it (not a cancellation, not a missing object).</summary>
    private static bool IsServiceFailure(Exception e) =>
        e is Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or HttpRequestException;

    /// <summary>The error users see: which store, what failed, and what to check; never a credential.</summary>
    private ArtifactStoreUnavailableException Unavailable(string what, Exception e) =>
        new($"artifact store {Location}: could not {what}: {e.Message} (check the endpoint AWS_ENDPOINT_URL_S3, the region AWS_REGION and the credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or an AWS profile)", e);

    /// <summary>Disposes the client when this store created it.</summary>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }
}
