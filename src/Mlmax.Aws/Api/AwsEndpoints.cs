namespace Mlmax.Aws.Api;

/// <summary>
/// Where mlmax sends its AWS requests. Each service's endpoint is, in order: <c>MLMAX_AWS_ENDPOINT_SERVICE</c>
/// (<c>CLOUDFORMATION</c>, <c>STATES</c>, <c>S3</c>), AWS's own <c>AWS_ENDPOINT_URL_SERVICE</c> (<c>CLOUDFORMATION</c>,
/// <c>SFN</c>, <c>S3</c>), <c>AWS_ENDPOINT_URL</c>, else the region's public endpoint.
/// </summary>
/// <param name="CloudFormation">The CloudFormation endpoint.</param>
/// <param name="StepFunctions">The Step Functions endpoint.</param>
/// <param name="S3">An S3 endpoint to use instead of the region's (path-style addressing), or <see langword="null"/>.</param>
public sealed record AwsEndpoints(Uri CloudFormation, Uri StepFunctions, Uri? S3)
{
    /// <summary>The variable overriding CloudFormation's endpoint.</summary>
    public const string CloudFormationVariable = "MLMAX_AWS_ENDPOINT_CLOUDFORMATION";

    /// <summary>The variable overriding Step Functions' endpoint.</summary>
    public const string StepFunctionsVariable = "MLMAX_AWS_ENDPOINT_STATES";

    /// <summary>The variable overriding S3's endpoint.</summary>
    public const string S3Variable = "MLMAX_AWS_ENDPOINT_S3";

    /// <summary>The endpoints for a region and an environment.</summary>
    /// <param name="region">The region.</param>
    /// <param name="environment">Looks up an environment variable.</param>
    /// <returns>The endpoints.</returns>
    /// <exception cref="AwsConfigurationException">An endpoint variable is not an http(s) URL.</exception>
    public static AwsEndpoints Resolve(string region, Func<string, string?> environment)
    {
        var domain = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new AwsEndpoints(
            Pick(environment, CloudFormationVariable, "AWS_ENDPOINT_URL_CLOUDFORMATION") ?? new Uri($"https://cloudformation.{region}.{domain}/"),
            Pick(environment, StepFunctionsVariable, "AWS_ENDPOINT_URL_SFN") ?? new Uri($"https://states.{region}.{domain}/"),
            Pick(environment, S3Variable, "AWS_ENDPOINT_URL_S3"));
    }

    private static Uri? Pick(Func<string, string?> environment, string mlmax, string aws)
    {
        foreach (var name in (string[])[mlmax, aws, "AWS_ENDPOINT_URL"])
        {
            if (environment(name) is { Length: > 0 } value)
            {
                return Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                    ? uri
                    : throw new AwsConfigurationException($"{name}='{value}' is not an http:// or https:// URL");
            }
        }

        return null;
    }
}
