using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Mlmax.Stores.S3;

/// <summary>
/// Builds the S3 client's configuration from the standard AWS settings: an endpoint from <c>AWS_ENDPOINT_URL_S3</c> or
/// <c>AWS_ENDPOINT_URL</c> (then path-style addressing, for MinIO, Ceph, s3rver and the like), the region from
/// <c>AWS_REGION</c> or <c>AWS_DEFAULT_REGION</c> (else the SDK's own search: profile, instance metadata). Credentials
/// are left to the SDK's default chain (<c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_PROFILE</c>, SSO,
/// web identity, instance roles); this code never reads or prints them.
/// </summary>
public static class S3ClientConfiguration
{
    /// <summary>The region signed for when an endpoint is given and no region is.</summary>
    public const string DefaultEndpointRegion = "us-east-1";

    /// <summary>The configuration for the current process's environment.</summary>
    /// <returns>A new configuration.</returns>
    public static AmazonS3Config FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>The configuration for an environment.</summary>
    /// <param name="environment">Looks up an environment variable; <see langword="null"/> or empty when unset.</param>
    /// <returns>A new configuration.</returns>
    /// <exception cref="FormatException">The endpoint is not an http or https URL.</exception>
    public static AmazonS3Config FromEnvironment(Func<string, string?> environment)
    {
        var config = new AmazonS3Config
        {
            // Checksums only where S3 requires them. The SDK v4 default (WHEN_SUPPORTED) adds a CRC32 to every upload,
            // as an aws-chunked trailer unless chunk encoding is off (the store turns it off per request, see
            // S3BlobStore.SinglePut), and validates response checksums that S3-compatible servers may not send. mlmax
            // verifies every blob's SHA-256 itself, above this layer.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };

        var region = Value(environment, "AWS_REGION") ?? Value(environment, "AWS_DEFAULT_REGION");
        var endpoint = Value(environment, "AWS_ENDPOINT_URL_S3") ?? Value(environment, "AWS_ENDPOINT_URL");
        if (endpoint is not null)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new FormatException($"the S3 endpoint '{endpoint}' (AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL) is not an http:// or https:// URL");
            }

            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region ?? DefaultEndpointRegion;
        }
        else if (region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return config;
    }

    private static string? Value(Func<string, string?> environment, string name) =>
        environment(name) is { Length: > 0 } value ? value.Trim() : null;
}
