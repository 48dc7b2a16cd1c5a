using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Mlmax.Execution;

namespace Mlmax.Stores.S3;

/// <summary>Parsing of input URLs, and the errors users see: which URL, what failed, and what to check; never a credential.</summary>
public sealed partial class S3Inputs
{
    private const string NoSuchBucket = "NoSuchBucket";

    private const string Settings =
        "S3 is read with the same settings as the S3 artifact store and S3 watches: the endpoint AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL "
        + "(for S3-compatible servers), the region AWS_REGION, the credentials AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or an AWS profile";

    private static (string Bucket, string Key) Parse(string url)
    {
        if (!url.StartsWith(S3Root.Scheme, StringComparison.Ordinal))
        {
            throw new RemoteInputException($"'{url}' is not an s3://BUCKET/KEY URL");
        }

        var rest = url[S3Root.Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        try
        {
            S3Root.Parse(S3Root.Scheme + bucket);
        }
        catch (FormatException e)
        {
            throw new RemoteInputException(e.Message, e);
        }

        return (bucket, slash < 0 ? string.Empty : rest[(slash + 1)..]);
    }

    /// <summary>The prefix a URL's key stands for: empty (the bucket) or the key with one trailing slash.</summary>
    private static string PrefixOf(string key) => key.Length == 0 ? string.Empty : key.TrimEnd('/') + "/";

    private static string UrlOf(string bucket, string key) => $"{S3Root.Scheme}{bucket}/{key}";

    private async Task<T> GuardAsync<T>(string url, string bucket, Func<IAmazonS3, Task<T>> action)
    {
        IAmazonS3 client;
        try
        {
            client = _client.Value;
        }
        catch (Exception e) when (e is FormatException or AmazonClientException)
        {
            throw new RemoteInputException($"cannot read {url}: S3 is not configured here ({e.Message.TrimEnd('.')}). {Settings}", e);
        }

        try
        {
            return await action(client);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == NoSuchBucket)
        {
            throw new RemoteInputException($"no bucket '{bucket}' for {url}: check the bucket's name, and that {Settings}", e);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            throw new RemoteInputException(
                $"access denied to {url} ({e.ErrorCode}): the credentials need s3:GetObject and s3:ListBucket there; check them ({Settings})", e);
        }
        catch (AmazonServiceException e)
        {
            throw new RemoteInputException($"could not read {url}: {e.Message} ({Settings})", e);
        }
        catch (Exception e) when (e is AmazonClientException or HttpRequestException)
        {
            throw new RemoteInputException($"could not reach S3 for {url}: {e.Message.TrimEnd()}\n{Settings}", e);
        }
    }
}
