using Amazon.S3;
using Amazon.S3.Model;

namespace Mlmax.Stores.S3;

/// <summary>Reading objects to local files, shared by S3 input bindings and S3 watches.</summary>
public static class S3Objects
{
    /// <summary>
    /// Streams an object to <paramref name="target"/> (never whole in memory): written under a temporary name beside
    /// it, then renamed, so the target is either absent or complete. An existing target is replaced.
    /// </summary>
    /// <param name="client">The S3 client.</param>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The object's key.</param>
    /// <param name="target">The local file; its directory is created if missing.</param>
    /// <param name="cancellationToken">Cancels the call; nothing is left behind.</param>
    /// <returns>What identifies the version read: <c>ETag "…"</c>, plus <c>, version ID</c> in a versioned bucket.</returns>
    /// <exception cref="AmazonS3Exception">No such object or bucket, access denied, or another error of the service.</exception>
    public static async Task<string> DownloadAsync(IAmazonS3 client, string bucket, string key, string target, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
        var partial = $"{target}.{Guid.NewGuid().ToString("N")[..8]}.partial";
        try
        {
            string version;
            using (var response = await client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellationToken))
            await using (var output = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await response.ResponseStream.CopyToAsync(output, cancellationToken);
                version = response.VersionId is { Length: > 0 } id && id != "null" ? $"ETag {response.ETag}, version {id}" : $"ETag {response.ETag}";
            }

            File.Move(partial, target, overwrite: true);
            return version;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    /// <summary>Every object whose key starts with <paramref name="prefix"/>, at any depth, by key (all pages of the listing).</summary>
    /// <param name="client">The S3 client.</param>
    /// <param name="bucket">The bucket.</param>
    /// <param name="prefix">The key prefix; empty for the whole bucket.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The objects.</returns>
    /// <exception cref="AmazonS3Exception">No such bucket, access denied, or another error of the service.</exception>
    public static async Task<IReadOnlyList<S3Object>> ListAsync(IAmazonS3 client, string bucket, string prefix, CancellationToken cancellationToken)
    {
        var objects = new List<S3Object>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix.Length == 0 ? null : prefix };
        ListObjectsV2Response response;
        do
        {
            response = await client.ListObjectsV2Async(request, cancellationToken);
            objects.AddRange(response.S3Objects ?? []);
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);

        return [.. objects.OrderBy(o => o.Key, StringComparer.Ordinal)];
    }
}
