using System.Text.RegularExpressions;
using Mlmax.Artifacts;

namespace Mlmax.Stores.S3;

/// <summary>
/// Where an S3 blob store keeps its objects: a bucket and a key prefix, written <c>s3://BUCKET/PREFIX</c>. Every object
/// key is <c>PREFIX/BLOBKEY</c>, with the blob key checked by <see cref="BlobKey.Validate"/>, so no key leaves the prefix.
/// </summary>
/// <param name="Bucket">The bucket: 3 to 63 lower-case letters, digits, dots and hyphens.</param>
/// <param name="Prefix">The key prefix, without leading or trailing slash; empty for the bucket's root.</param>
public sealed partial record S3Root(string Bucket, string Prefix)
{
    /// <summary>The URL scheme.</summary>
    public const string Scheme = "s3://";

    /// <summary>Parses and checks an <c>s3://BUCKET/PREFIX</c> URL.</summary>
    /// <param name="url">The URL; the prefix is optional and one trailing slash is ignored.</param>
    /// <returns>The location.</returns>
    /// <exception cref="FormatException">The URL is not of that form, or its prefix could leave itself (<c>..</c>, <c>%</c>-escapes, backslashes).</exception>
    public static S3Root Parse(string url)
    {
        if (!url.StartsWith(Scheme, StringComparison.Ordinal))
        {
            throw new FormatException($"'{url}' is not an s3://BUCKET/PREFIX URL");
        }

        var rest = url[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? string.Empty : rest[(slash + 1)..];
        if (prefix.EndsWith('/'))
        {
            prefix = prefix[..^1];
        }

        if (!BucketPattern().IsMatch(bucket) || bucket.Contains("..", StringComparison.Ordinal))
        {
            throw new FormatException($"'{url}': invalid bucket name '{bucket}' (3 to 63 lower-case letters, digits, '.' and '-')");
        }

        if (prefix.Length > 0 && (!PrefixPattern().IsMatch(prefix) || prefix.Split('/').Any(s => s is "." or "..")))
        {
            throw new FormatException(
                $"'{url}': invalid prefix '{prefix}': segments of letters, digits, '.', '_' and '-', never '.' or '..', no '%'-escapes or backslashes");
        }

        return new S3Root(bucket, prefix);
    }

    /// <summary>The object key of a blob.</summary>
    /// <param name="blobKey">The blob's key.</param>
    /// <returns><c>PREFIX/BLOBKEY</c>.</returns>
    /// <exception cref="ArgumentException">The blob key is malformed or tries to leave the prefix.</exception>
    public string ObjectKey(string blobKey)
    {
        BlobKey.Validate(blobKey);
        return Prefix.Length == 0 ? blobKey : $"{Prefix}/{blobKey}";
    }

    /// <summary>The object key under which a quarantined copy is kept: <c>PREFIX/quarantine/BLOBKEY.SUFFIX</c>.</summary>
    /// <param name="blobKey">The blob's key.</param>
    /// <param name="suffix">Tells copies of the same key apart (a time stamp and a random part).</param>
    /// <returns>The key.</returns>
    public string QuarantineKey(string blobKey, string suffix) => ObjectKey($"quarantine/{BlobKey.Validate(blobKey)}.{suffix}");

    /// <summary>The URL of an object key in this bucket.</summary>
    /// <param name="objectKey">The object key.</param>
    /// <returns><c>s3://BUCKET/KEY</c>.</returns>
    public string UrlOf(string objectKey) => $"{Scheme}{Bucket}/{objectKey}";

    /// <summary>The location as an <c>s3://BUCKET/PREFIX</c> URL.</summary>
    /// <returns>The URL.</returns>
    public override string ToString() => Prefix.Length == 0 ? $"{Scheme}{Bucket}" : $"{Scheme}{Bucket}/{Prefix}";

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")]
    private static partial Regex PrefixPattern();
}
