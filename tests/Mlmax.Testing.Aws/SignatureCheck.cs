using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace Mlmax.Testing.Aws;

/// <summary>
/// Checks a received request's SigV4 signature the way AWS does, independently of mlmax's signer: the canonical
/// request is rebuilt from what arrived on the wire (method, path, query, the signed headers' values, the body's
/// SHA-256), and the signature computed from it by the AWS SDK's own <c>AWS4Signer</c>.
/// </summary>
public static partial class SignatureCheck
{
    /// <summary>Checks a request; returns the problems found (none when it is signed correctly).</summary>
    /// <param name="request">The request as received.</param>
    /// <param name="accessKeyId">The expected access key.</param>
    /// <param name="secretAccessKey">The secret it must be signed with.</param>
    /// <param name="sessionToken">The session token it must carry, if any.</param>
    /// <param name="region">The expected region.</param>
    /// <param name="service">The expected signing name.</param>
    /// <param name="now">The server's time.</param>
    /// <returns>Problems.</returns>
    public static List<string> Verify(ReceivedRequest request, string accessKeyId, string secretAccessKey, string? sessionToken, string region, string service, DateTimeOffset now)
    {
        var problems = new List<string>();
        var authorization = request.Header("authorization");
        var m = authorization is null ? null : AuthorizationPattern().Match(authorization);
        if (m is null || !m.Success)
        {
            problems.Add($"no or malformed Authorization header: '{authorization}'");
            return problems;
        }

        var (key, date, scopeRegion, scopeService) = (m.Groups["key"].Value, m.Groups["date"].Value, m.Groups["region"].Value, m.Groups["service"].Value);
        var signedHeaders = m.Groups["signed"].Value;
        var signature = m.Groups["signature"].Value;
        Expect(problems, "access key", accessKeyId, key);
        Expect(problems, "scope region", region, scopeRegion);
        Expect(problems, "scope service", service, scopeService);
        var amzDate = request.Header("x-amz-date");
        if (amzDate is null || !DateTime.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            problems.Add($"no or malformed X-Amz-Date: '{amzDate}'");
            return problems;
        }

        Expect(problems, "scope date", signedAt.ToString("yyyyMMdd", CultureInfo.InvariantCulture), date);
        if ((now - new DateTimeOffset(signedAt, TimeSpan.Zero)).Duration() > TimeSpan.FromMinutes(15))
        {
            problems.Add($"X-Amz-Date {amzDate} is more than 15 minutes from now");
        }

        var names = signedHeaders.Split(';');
        foreach (var required in (string[])["host", "x-amz-date", "content-type"])
        {
            if (!names.Contains(required))
            {
                problems.Add($"header {required} is not signed (SignedHeaders={signedHeaders})");
            }
        }

        if (request.Header("x-amz-target") is not null && !names.Contains("x-amz-target"))
        {
            problems.Add("X-Amz-Target is sent but not signed");
        }

        if (sessionToken is not null)
        {
            Expect(problems, "X-Amz-Security-Token", sessionToken, request.Header("x-amz-security-token"));
            if (!names.Contains("x-amz-security-token"))
            {
                problems.Add("X-Amz-Security-Token is not signed");
            }
        }

        var canonical = new StringBuilder()
            .Append(request.Method).Append('\n')
            .Append(request.Path.Length == 0 ? "/" : request.Path).Append('\n')
            .Append(CanonicalQuery(request.Query)).Append('\n');
        foreach (var name in names)
        {
            canonical.Append(name).Append(':').Append(Regex.Replace((request.Header(name) ?? "").Trim(), " +", " ")).Append('\n');
        }

        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(Convert.ToHexStringLower(SHA256.HashData(request.Body)));
        var expected = AWS4Signer.ComputeSignature(new ImmutableCredentials(accessKeyId, secretAccessKey, sessionToken), region, signedAt, service, signedHeaders, canonical.ToString());
        if (!string.Equals(expected.Signature, signature, StringComparison.Ordinal))
        {
            problems.Add($"signature mismatch: computed {expected.Signature} from the canonical request\n{canonical}\nbut the request has {signature}");
        }

        return problems;
    }

    private static void Expect(List<string> problems, string what, string expected, string? actual)
    {
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            problems.Add($"{what}: expected '{expected}', got '{actual}'");
        }
    }

    private static string CanonicalQuery(string query) =>
        query.Length <= 1 ? string.Empty : string.Join('&', query.TrimStart('?').Split('&').Order(StringComparer.Ordinal));

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();
}
