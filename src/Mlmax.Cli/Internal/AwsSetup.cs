namespace Mlmax.Cli.Internal;

/// <summary>
/// Where this machine's AWS credentials and region come from, as the AWS SDK resolves them; safe to print: it holds
/// no secret, and the access key id only masked. Made by <see cref="AwsConfiguration.CheckAsync"/>.
/// </summary>
/// <param name="CredentialSource">
/// Where the credentials come from: <c>env</c>, <c>web identity</c>, <c>profile NAME</c>, <c>container</c> or
/// <c>instance metadata</c>; <see langword="null"/> when there are none.
/// </param>
/// <param name="CredentialDetail">What kind of credentials the source holds (e.g. <c>SSO</c>, <c>static keys</c>), for people.</param>
/// <param name="AccessKeyId">The access key id, masked like <c>AKIA****WXYZ</c>, when it is known without a network call.</param>
/// <param name="CredentialProblem">Why there are no usable credentials and how to configure them; <see langword="null"/> when there are.</param>
/// <param name="Region">The region, e.g. <c>eu-west-1</c>; <see langword="null"/> when none is configured.</param>
/// <param name="RegionSource">Where the region comes from: <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, <c>profile NAME</c> or <c>instance metadata</c>.</param>
/// <param name="RegionProblem">Why there is no region and how to set one; <see langword="null"/> when there is.</param>
internal sealed record AwsSetup(
    string? CredentialSource,
    string? CredentialDetail,
    string? AccessKeyId,
    string? CredentialProblem,
    string? Region,
    string? RegionSource,
    string? RegionProblem)
{
    /// <summary>Whether both credentials and a region were found.</summary>
    public bool Ready => CredentialProblem is null && RegionProblem is null;
}
