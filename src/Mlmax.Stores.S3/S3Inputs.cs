using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Mlmax.Execution;
using Mlmax.Stores.S3.Internal;

namespace Mlmax.Stores.S3;

/// <summary>
/// Input bindings that name S3 data (<c>s3://BUCKET/KEY</c>), read with the same client settings as the S3 artifact
/// store and S3 watches (see <see cref="S3ClientConfiguration"/>). A file binding records the object's URL and ETag; a
/// directory binding records its prefix, how many objects it held and a digest of their keys and ETags.
/// </summary>
public sealed partial class S3Inputs : IRemoteInputs, IDisposable
{
    private readonly Lazy<IAmazonS3> _client;
    private readonly bool _ownsClient;

    /// <summary>Creates the reader; its client is configured from the environment when a binding first needs it, not before.</summary>
    public S3Inputs()
    {
        _client = new(() => new AmazonS3Client(S3ClientConfiguration.FromEnvironment()));
        _ownsClient = true;
    }

    /// <summary>Creates the reader over a client the caller owns.</summary>
    /// <param name="client">The S3 client; see <see cref="S3ClientConfiguration"/> for the settings S3-compatible servers need.</param>
    public S3Inputs(IAmazonS3 client) => _client = new(client);

    /// <inheritdoc/>
    public Task<FetchedInput> FetchFileAsync(string url, string directory, CancellationToken cancellationToken)
    {
        var (bucket, key) = Parse(url);
        return GuardAsync(url, bucket, async client =>
        {
            if (key.Length > 0 && !key.EndsWith('/'))
            {
                try
                {
                    return await FetchObjectAsync(client, bucket, key, directory, cancellationToken);
                }
                catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound && e.ErrorCode != NoSuchBucket)
                {
                    // Not an object: perhaps a prefix holding one.
                }
            }

            var prefix = PrefixOf(key);
            var objects = await ListFilesAsync(client, bucket, prefix, cancellationToken);
            return objects.Count switch
            {
                1 => await FetchObjectAsync(client, bucket, objects[0].Key, directory, cancellationToken),
                0 => throw new RemoteInputException(
                    $"no object {url}{(key.Length > 0 && !key.EndsWith('/') ? $" (and none under {UrlOf(bucket, prefix)})" : string.Empty)}: check the bucket and key"),
                _ => throw new RemoteInputException(
                    $"expects one object, but {UrlOf(bucket, prefix)} is a prefix of {objects.Count} objects ({InputLayout.Examples(objects.Select(o => o.Key))}): "
                    + "name one object's key, or declare the input as type: directory"),
            };
        });
    }

    /// <inheritdoc/>
    public Task<FetchedInput> FetchDirectoryAsync(string url, string directory, CancellationToken cancellationToken)
    {
        var (bucket, key) = Parse(url);
        var prefix = PrefixOf(key);
        var where = UrlOf(bucket, prefix);
        return GuardAsync(url, bucket, async client =>
        {
            var objects = await ListFilesAsync(client, bucket, prefix, cancellationToken);
            if (objects.Count == 0)
            {
                throw new RemoteInputException(key.Length > 0 && !key.EndsWith('/') && await ExistsAsync(client, bucket, key, cancellationToken)
                    ? $"no objects under {where}; {url} is one object: declare the input as type: file, or name a prefix"
                    : $"no objects under {where}: check the bucket and prefix");
            }

            var relatives = objects.ToDictionary(o => o.Key, o => o.Key[prefix.Length..], StringComparer.Ordinal);
            InputLayout.Check(where, relatives.Values);
            Directory.CreateDirectory(directory);
            var versions = new StringBuilder();
            foreach (var (objectKey, relative) in relatives)
            {
                var version = await S3Objects.DownloadAsync(
                    client, bucket, objectKey, Path.Combine(directory, relative.Replace('/', Path.DirectorySeparatorChar)), cancellationToken);
                versions.Append(relative).Append('\t').Append(version).Append('\n');
            }

            var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(versions.ToString())))[..16];
            return new FetchedInput(directory, $"{where} ({objects.Count} object{(objects.Count == 1 ? string.Empty : "s")}, ETags {digest})");
        });
    }

    /// <summary>Disposes the client when this reader created it.</summary>
    public void Dispose()
    {
        if (_ownsClient && _client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }

    private static async Task<FetchedInput> FetchObjectAsync(IAmazonS3 client, string bucket, string key, string directory, CancellationToken cancellationToken)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        if (name is "." or ".." || name.Contains('\\', StringComparison.Ordinal))
        {
            throw new RemoteInputException($"{UrlOf(bucket, key)}: the object's name '{name}' cannot be a file name: rename the object");
        }

        var version = await S3Objects.DownloadAsync(client, bucket, key, Path.Combine(directory, name), cancellationToken);
        return new FetchedInput(Path.Combine(directory, name), $"{UrlOf(bucket, key)} ({version})");
    }

    /// <summary>The objects under a prefix, without the zero-byte "folder" markers some tools leave (keys ending in '/').</summary>
    private static async Task<List<S3Object>> ListFilesAsync(IAmazonS3 client, string bucket, string prefix, CancellationToken cancellationToken) =>
        [.. (await S3Objects.ListAsync(client, bucket, prefix, cancellationToken)).Where(o => !o.Key.EndsWith('/'))];

    private static async Task<bool> ExistsAsync(IAmazonS3 client, string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            await client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
