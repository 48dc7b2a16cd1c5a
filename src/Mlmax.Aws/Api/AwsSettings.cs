using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Mlmax.Aws.Api;

/// <summary>
/// The region, credentials and endpoints of mlmax's AWS calls, from the standard AWS settings through the AWS SDK's own
/// resolvers: <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>/<c>AWS_SESSION_TOKEN</c>, <c>AWS_PROFILE</c> with
/// <c>~/.aws/config</c> and <c>~/.aws/credentials</c> (including IAM Identity Center and assume-role profiles), web
/// identity, and container or instance metadata; the region from <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c> or the
/// profile. Credentials are asked for per request, so temporary ones are refreshed; they are never printed.
/// </summary>
public sealed class AwsSettings
{
    private AwsSettings(string region, AWSCredentials credentials, AwsEndpoints endpoints)
    {
        Region = region;
        SdkCredentials = credentials;
        Endpoints = endpoints;
    }

    /// <summary>The region, e.g. <c>eu-west-1</c>.</summary>
    public string Region { get; }

    /// <summary>The endpoints.</summary>
    public AwsEndpoints Endpoints { get; }

    /// <summary>The credentials, for the AWS SDK's S3 client.</summary>
    public AWSCredentials SdkCredentials { get; }

    /// <summary>Resolves the settings of the current process's environment, checking that credentials can be had.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="AwsConfigurationException">No credentials or no region; the message says how to configure them.</exception>
    public static Task<AwsSettings> ResolveAsync(CancellationToken cancellationToken) => ResolveAsync(Environment.GetEnvironmentVariable, cancellationToken);

    /// <summary>Resolves the settings, checking that credentials can be had.</summary>
    /// <param name="environment">Looks up an environment variable (for the region and endpoints; the SDK reads the credential variables itself).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="AwsConfigurationException">No credentials or no region; the message says how to configure them.</exception>
    public static async Task<AwsSettings> ResolveAsync(Func<string, string?> environment, CancellationToken cancellationToken)
    {
        AWSCredentials credentials;
        try
        {
            credentials = DefaultAWSCredentialsIdentityResolver.GetCredentials();
            cancellationToken.ThrowIfCancellationRequested();
            var resolved = await credentials.GetCredentialsAsync();
            if (string.IsNullOrEmpty(resolved?.AccessKey) || string.IsNullOrEmpty(resolved.SecretKey))
            {
                throw new AwsConfigurationException($"no AWS credentials found: {AwsConfigurationException.Fix}");
            }
        }
        catch (AmazonClientException e)
        {
            throw new AwsConfigurationException($"no AWS credentials found ({FirstLine(e.Message)}): {AwsConfigurationException.Fix}", e);
        }

        var region = Value(environment, "AWS_REGION") ?? Value(environment, "AWS_DEFAULT_REGION") ?? ProfileRegion();
        if (region is null)
        {
            throw new AwsConfigurationException($"no AWS region set: {AwsConfigurationException.Fix} (or 'region' in the profile)");
        }

        return new AwsSettings(region, credentials, AwsEndpoints.Resolve(region, environment));
    }

    /// <summary>Settings with fixed credentials (for tests and tools that bring their own).</summary>
    /// <param name="region">The region.</param>
    /// <param name="credentials">The credentials.</param>
    /// <param name="endpoints">The endpoints.</param>
    /// <returns>The settings.</returns>
    public static AwsSettings Fixed(string region, SigningCredentials credentials, AwsEndpoints endpoints) =>
        new(region, credentials.SessionToken is { } token
            ? new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, token)
            : new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey), endpoints);

    /// <summary>The same credentials for another region (e.g. the one a pipeline was deployed to), with that region's endpoints.</summary>
    /// <param name="region">The region.</param>
    /// <param name="environment">Looks up an environment variable (endpoint overrides).</param>
    /// <returns>The settings.</returns>
    public AwsSettings WithRegion(string region, Func<string, string?> environment) =>
        region == Region ? this : new AwsSettings(region, SdkCredentials, AwsEndpoints.Resolve(region, environment));

    /// <summary>The credentials to sign the next request with (refreshed by the SDK when temporary ones near their end).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The credentials.</returns>
    /// <exception cref="AwsConfigurationException">They can no longer be had (e.g. an expired SSO session).</exception>
    public async Task<SigningCredentials> CredentialsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var c = await SdkCredentials.GetCredentialsAsync();
            return new SigningCredentials(c.AccessKey, c.SecretKey, string.IsNullOrEmpty(c.Token) ? null : c.Token);
        }
        catch (AmazonClientException e)
        {
            throw new AwsConfigurationException($"the AWS credentials could not be refreshed ({FirstLine(e.Message)}): {AwsConfigurationException.Fix}", e);
        }
    }

    private static string? ProfileRegion()
    {
        try
        {
            return FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
        }
        catch (AmazonClientException)
        {
            return null;
        }
    }

    private static string? Value(Func<string, string?> environment, string name) =>
        environment(name) is { Length: > 0 } value ? value.Trim() : null;

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
