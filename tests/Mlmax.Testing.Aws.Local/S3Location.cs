namespace Mlmax.Testing.Aws.Local;

/// <summary>An <c>s3://bucket/key</c> URI.</summary>
/// <param name="Bucket">The bucket.</param>
/// <param name="Key">The key or key prefix (may be empty).</param>
public sealed record S3Location(string Bucket, string Key)
{
    /// <summary>Parses a URI.</summary>
    /// <param name="uri">The URI.</param>
    /// <returns>The location.</returns>
    /// <exception cref="FormatException">Not an <c>s3://bucket/...</c> URI.</exception>
    public static S3Location Parse(string uri)
    {
        if (!uri.StartsWith("s3://", StringComparison.Ordinal) || uri.Length <= 5 || uri.Contains("${", StringComparison.Ordinal))
        {
            throw new FormatException($"'{uri}' is not an s3://bucket/key URI");
        }

        var rest = uri[5..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new S3Location(rest, string.Empty) : new S3Location(rest[..slash], rest[(slash + 1)..]);
    }

    /// <summary>The key under this one, as a folder: <c>Key/relative</c>.</summary>
    /// <param name="relative">The relative key.</param>
    /// <returns>The location.</returns>
    public S3Location Child(string relative) =>
        this with { Key = Key.Length == 0 ? relative : $"{Key.TrimEnd('/')}/{relative}" };

    /// <inheritdoc/>
    public override string ToString() => $"s3://{Bucket}/{Key}";
}
