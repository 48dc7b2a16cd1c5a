using System.IO.Enumeration;
using Amazon.S3;
using Amazon.S3.Model;
using Mlmax.Stores.S3;

namespace Mlmax.Scheduling.Internal;

/// <summary>A watched S3 prefix: the objects directly under it (S3 publishes an object whole, so none is half-written). A file is fetched before its run takes it.</summary>
internal sealed class S3Folder(S3Root root, IAmazonS3 client) : IWatchedFolder
{
    public bool NeedsSettling => false;

    private string Prefix => root.Prefix.Length == 0 ? string.Empty : root.Prefix.TrimEnd('/') + "/";

    public async Task<IReadOnlyList<WatchedFile>> ListAsync(string pattern, CancellationToken cancellationToken)
    {
        var files = new List<WatchedFile>();
        var request = new ListObjectsV2Request { BucketName = root.Bucket, Prefix = Prefix, Delimiter = "/" };
        ListObjectsV2Response response;
        do
        {
            response = await client.ListObjectsV2Async(request, cancellationToken);
            foreach (var o in response.S3Objects ?? [])
            {
                var name = o.Key[Prefix.Length..];
                if (name.Length > 0 && !name.StartsWith('.') && FileSystemName.MatchesSimpleExpression(pattern, name, ignoreCase: false))
                {
                    files.Add(new WatchedFile(name, $"ETag {o.ETag}"));
                }
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);

        return [.. files.OrderBy(f => f.Name, StringComparer.Ordinal)];
    }

    public async Task<string> LocalPathAsync(WatchedFile file, string directory, CancellationToken cancellationToken)
    {
        var target = Path.Combine(directory, file.Name);
        await S3Objects.DownloadAsync(client, root.Bucket, Prefix + file.Name, target, cancellationToken);
        return target;
    }
}
