using Amazon.S3;
using Amazon.S3.Model;

namespace Mlmax.Testing.Aws.Local;

/// <summary>Copies between S3 and local folders the way SageMaker does for a job's inputs and outputs.</summary>
/// <param name="client">The S3 client.</param>
public sealed class S3Transfer(IAmazonS3 client)
{
    /// <summary>The keys under a prefix (every object whose key starts with it, as S3's <c>S3Prefix</c> data type reads).</summary>
    /// <param name="prefix">The prefix.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The keys, sorted.</returns>
    public async Task<IReadOnlyList<string>> ListAsync(S3Location prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = prefix.Bucket, Prefix = prefix.Key };
        do
        {
            var page = await client.ListObjectsV2Async(request, cancellationToken);
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <summary>Downloads every object under a prefix into a folder. As SageMaker does, an object's path in the folder is
    /// its key without the prefix's last folder (<c>s3://b/runs/x/</c> puts <c>runs/x/a/b.csv</c> at <c>a/b.csv</c>;
    /// <c>s3://b/runs/model.tar.gz</c> puts that object at <c>model.tar.gz</c>).</summary>
    /// <param name="prefix">The S3 prefix.</param>
    /// <param name="directory">The folder.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The number of objects.</returns>
    public async Task<int> DownloadAsync(S3Location prefix, string directory, CancellationToken cancellationToken)
    {
        var keys = await ListAsync(prefix, cancellationToken);
        var folder = prefix.Key[..(prefix.Key.LastIndexOf('/') + 1)];
        Directory.CreateDirectory(directory);
        foreach (var key in keys.Where(k => !k.EndsWith('/')))
        {
            var target = Path.GetFullPath(Path.Combine(directory, key[folder.Length..]));
            if (!target.StartsWith(Path.GetFullPath(directory) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"object {key} would land outside {directory}");
            }

            await DownloadFileAsync(prefix with { Key = key }, target, cancellationToken);
        }

        return keys.Count;
    }

    /// <summary>Downloads one object.</summary>
    /// <param name="location">The object.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>A task.</returns>
    public async Task DownloadFileAsync(S3Location location, string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var response = await client.GetObjectAsync(location.Bucket, location.Key, cancellationToken);
        await using var file = File.Create(path);
        await response.ResponseStream.CopyToAsync(file, cancellationToken);
    }

    /// <summary>Uploads a folder's files under a prefix (<c>prefix/relative/path</c>), as a processing job's output is.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="prefix">The S3 prefix.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The keys written.</returns>
    public async Task<IReadOnlyList<string>> UploadDirectoryAsync(string directory, S3Location prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var target = prefix.Child(Path.GetRelativePath(directory, file).Replace('\\', '/'));
            await UploadFileAsync(file, target, cancellationToken);
            keys.Add(target.Key);
        }

        return keys;
    }

    /// <summary>Uploads one file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="location">The object.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>A task.</returns>
    public async Task UploadFileAsync(string path, S3Location location, CancellationToken cancellationToken)
    {
        await using var body = File.OpenRead(path);
        await client.PutObjectAsync(
            new PutObjectRequest
            {
                BucketName = location.Bucket,
                Key = location.Key,
                InputStream = body,
                AutoCloseStream = false,

                // A plain signed payload: s3rver stores other bytes than those sent in aws-chunked encoding.
                UseChunkEncoding = false,
            },
            cancellationToken);
    }
}
