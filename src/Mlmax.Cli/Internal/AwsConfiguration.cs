using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Amazon.Util;

namespace Mlmax.Cli.Internal;

/// <summary>
/// Checks that this machine can call AWS: credentials from the SDK's standard chain, in its order (environment
/// variables, web identity, the <c>AWS_PROFILE</c> or default profile of <c>~/.aws/credentials</c> and
/// <c>~/.aws/config</c>, container, EC2 instance role) and a region (<c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, the
/// profile's, the instance's). Each source is read with the SDK's own resolver; nothing is fetched over the network
/// except from the instance metadata service, and only on an EC2 instance. <c>mlmax doctor --aws</c> prints the
/// result; commands that call AWS run <see cref="RequireAsync"/> before doing anything.
/// </summary>
internal static partial class AwsConfiguration
{
    /// <summary>How to give this machine AWS credentials.</summary>
    public const string HowToConfigure =
        "run 'aws configure' (or 'aws configure sso'), set AWS_PROFILE=NAME to use a profile of ~/.aws/config, "
        + "or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys)";

    /// <summary>How to set a region.</summary>
    public const string HowToSetRegion = "set AWS_REGION (e.g. AWS_REGION=eu-west-1) or the profile's region (aws configure set region eu-west-1)";

    /// <summary>The longest the instance metadata service may take to answer, on an EC2 instance.</summary>
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Resolves the credentials' source and the region, without failing: problems are in the result.</summary>
    public static async Task<AwsSetup> CheckAsync(CancellationToken cancellationToken)
    {
        var profileName = DefaultAWSCredentialsIdentityResolver.GetProfileName();
        var (profile, profileProblem) = FindProfile(profileName);
        var credentials = profileProblem is null
            ? await CredentialsAsync(profileName, profile, cancellationToken)
            : new Credentials(null, null, null, profileProblem);
        var (region, regionSource) = await RegionAsync(profileName, profile, cancellationToken);
        return new AwsSetup(
            credentials.Source, credentials.Detail, credentials.AccessKeyId, credentials.Problem,
            region, regionSource, region is null ? $"no AWS region: {HowToSetRegion}" : null);
    }

    /// <summary>Like <see cref="CheckAsync"/>, for commands about to call AWS.</summary>
    /// <exception cref="UserException">No usable credentials or no region; the message says how to configure them.</exception>
    public static async Task<AwsSetup> RequireAsync(CancellationToken cancellationToken)
    {
        var setup = await CheckAsync(cancellationToken);
        return setup.Ready
            ? setup
            : throw new UserException(string.Join("; ", new[] { setup.CredentialProblem, setup.RegionProblem }.OfType<string>()));
    }

    /// <summary>An access key id as far as it may be shown: <c>AKIA****WXYZ</c>.</summary>
    public static string Mask(string accessKeyId) =>
        accessKeyId.Length >= 12 ? $"{accessKeyId[..4]}****{accessKeyId[^4..]}" : "****";

    /// <summary>The named profile, or why it cannot be used (a named profile that does not exist stops the SDK's chain).</summary>
    private static (CredentialProfile? Profile, string? Problem) FindProfile(string name)
    {
        try
        {
            if (new CredentialProfileStoreChain().TryGetProfile(name, out var profile))
            {
                return (profile, null);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or AmazonClientException or ArgumentException)
        {
            return (null, $"the AWS profile files (~/.aws/credentials, ~/.aws/config) cannot be read: {e.Message}");
        }

        return name == SharedCredentialsFile.DefaultProfileName
            ? (null, null)
            : (null, $"no AWS profile '{name}' (AWS_PROFILE) in ~/.aws/config or ~/.aws/credentials: create it with 'aws configure --profile {name}' or 'aws configure sso', or unset AWS_PROFILE");
    }

    private static async Task<(string? Region, string? Source)> RegionAsync(string profileName, CredentialProfile? profile, CancellationToken cancellationToken)
    {
        try
        {
            var fromEnvironment = new EnvironmentVariableAWSRegion().Region.SystemName;
            return (fromEnvironment, Variable(EnvironmentVariableAWSRegion.ENVIRONMENT_VARIABLE_REGION) is not null
                ? EnvironmentVariableAWSRegion.ENVIRONMENT_VARIABLE_REGION
                : EnvironmentVariableAWSRegion.ENVIRONMENT_VARIABLE_DEFAULT_REGION);
        }
        catch (InvalidOperationException)
        {
        }

        if (profile?.Region is { } fromProfile)
        {
            return (fromProfile.SystemName, $"profile {profileName}");
        }

        if (OnEc2Instance())
        {
            try
            {
                var fromInstance = await Task.Run(() => new InstanceProfileAWSRegion().Region, cancellationToken).WaitAsync(MetadataTimeout, cancellationToken);
                return (fromInstance.SystemName, "instance metadata");
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or AmazonClientException)
            {
            }
        }

        return (null, null);
    }

    /// <summary>
    /// Whether this is an EC2 instance, judged offline from the hardware description (or an explicitly configured
    /// metadata endpoint), so that nothing waits on a metadata service that is not there.
    /// </summary>
    private static bool OnEc2Instance()
    {
        if (!EC2InstanceMetadata.IsIMDSEnabled)
        {
            return false;
        }

        return Variable("AWS_EC2_METADATA_SERVICE_ENDPOINT") is not null
            || Starts("/sys/devices/virtual/dmi/id/sys_vendor", "Amazon EC2")
            || Starts("/sys/devices/virtual/dmi/id/board_asset_tag", "i-")
            || Starts("/sys/hypervisor/uuid", "ec2");

        static bool Starts(string path, string prefix)
        {
            try
            {
                return File.Exists(path) && File.ReadAllText(path).StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }
    }

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value.Trim() : null;
}
