namespace Mlmax.Aws.Api;

/// <summary>
/// The credentials one request is signed with: an access key, its secret and, for temporary credentials, the session
/// token. <see cref="ToString"/> shows the access key id only, so a record that reaches a log never carries a secret.
/// </summary>
/// <param name="AccessKeyId">The access key id (not secret: it appears in every request's Authorization header).</param>
/// <param name="SecretAccessKey">The secret access key: signs, never sent.</param>
/// <param name="SessionToken">The session token of temporary credentials, sent as <c>X-Amz-Security-Token</c>; <see langword="null"/> for long-term keys.</param>
public sealed record SigningCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken)
{
    /// <summary>The access key id and whether a session token is present; never the secret or the token.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{AccessKeyId}{(SessionToken is null ? "" : " (temporary)")}";
}
