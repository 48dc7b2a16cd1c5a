using System.Reflection;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace Mlmax.Cli.Internal;

internal static partial class AwsConfiguration
{
    // The assemblies the SDK loads, when asked, to turn these credentials into keys.
    private const string SecurityToken = "AWSSDK.SecurityToken";
    private const string Sso = "AWSSDK.SSO";
    private const string SsoOidc = "AWSSDK.SSOOIDC";

    /// <summary>The first source of the SDK's chain that holds credentials, in the chain's order.</summary>
    private static async Task<Credentials> CredentialsAsync(string profileName, CredentialProfile? profile, CancellationToken cancellationToken)
    {
        try
        {
            var key = new EnvironmentVariablesAWSCredentials().GetCredentials().AccessKey;
            var session = Variable(EnvironmentVariablesAWSCredentials.ENVIRONMENT_VARIABLE_SESSION_TOKEN) is null ? "" : " with AWS_SESSION_TOKEN";
            return new Credentials("env", $"AWS_ACCESS_KEY_ID {Mask(key)}{session}", Mask(key), null);
        }
        catch (Exception e) when (e is InvalidOperationException or AmazonClientException)
        {
        }

        try
        {
            var role = AssumeRoleWithWebIdentityCredentials.FromEnvironmentVariables().RoleArn;
            return new Credentials("web identity", $"role {role}", null, Missing("web identity", null, SecurityToken));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or AmazonClientException)
        {
        }

        if (profile is { CanCreateAWSCredentials: true })
        {
            return FromProfile(profileName, profile);
        }

        if (Variable("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") is not null || Variable("AWS_CONTAINER_CREDENTIALS_FULL_URI") is not null)
        {
            return new Credentials("container", "the task's role (AWS_CONTAINER_CREDENTIALS_*)", null, null);
        }

        if (OnEc2Instance())
        {
            return await FromInstanceAsync(cancellationToken);
        }

        var unusable = profile is null ? "" : $" (profile {profileName} holds settings but no credentials)";
        return new Credentials(null, null, null,
            $"no AWS credentials in the environment, ~/.aws or instance metadata{unusable}: {HowToConfigure}");
    }

    private static Credentials FromProfile(string name, CredentialProfile profile)
    {
        var source = $"profile {name}";
        var options = profile.Options;
        if (options.SsoStartUrl is not null || options.SsoSession is not null)
        {
            return new Credentials(source, "SSO (after 'aws sso login')", null, Missing($"{source} (SSO)", name, Sso, SsoOidc));
        }

        if (options.RoleArn is not null)
        {
            return new Credentials(source, $"assume role {options.RoleArn}", null, Missing($"{source} (assume role)", name, SecurityToken));
        }

        if (options.CredentialProcess is not null)
        {
            return new Credentials(source, "credential_process", null, null);
        }

        var key = options.AccessKey is { Length: > 0 } k ? Mask(k) : null;
        return new Credentials(source, options.Token is { Length: > 0 } ? $"session keys {key}" : $"static keys {key}", key, null);
    }

    private static async Task<Credentials> FromInstanceAsync(CancellationToken cancellationToken)
    {
        using var resolver = new DefaultAWSCredentialsIdentityResolver();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(MetadataTimeout);
        try
        {
            var resolved = await resolver.ResolveIdentityAsync(null, timeout.Token);
            var key = (await resolved.GetCredentialsAsync()).AccessKey;
            return new Credentials("instance metadata", $"the instance's role {Mask(key)}", Mask(key), null);
        }
        catch (Exception e) when (e is AmazonClientException or InvalidOperationException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new Credentials(null, null, null, $"this EC2 instance gave no credentials ({e.Message}): attach an IAM role to it, or {HowToConfigure}");
        }
    }

    /// <summary>
    /// Why credentials of <paramref name="what"/> cannot be used: the SDK loads the assemblies that fetch them only
    /// when asked, and this mlmax ships only the S3 client's. The fix exports keys from <paramref name="profile"/>, if any.
    /// </summary>
    private static string? Missing(string what, string? profile, params string[] assemblies)
    {
        var missing = assemblies.Where(a => !Loadable(a)).ToList();
        var export = profile is null ? "aws configure export-credentials --format env" : $"aws configure export-credentials --profile {profile} --format env";
        return missing.Count == 0
            ? null
            : $"{what} needs {string.Join(" and ", missing)}, which this mlmax does not include: export temporary keys to the "
              + $"environment (eval \"$({export})\") or use access keys";

        static bool Loadable(string name)
        {
            try
            {
                Assembly.Load(new AssemblyName(name));
                return true;
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                return false;
            }
        }
    }

    private sealed record Credentials(string? Source, string? Detail, string? AccessKeyId, string? Problem);
}
