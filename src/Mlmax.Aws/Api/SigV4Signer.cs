using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Mlmax.Aws.Api;

/// <summary>
/// AWS Signature Version 4 (AWS4-HMAC-SHA256), as AWS documents it ("Create a signed AWS API request", IAM User
/// Guide): a canonical request (method, URI path, sorted query, sorted lower-case headers, signed header names, payload
/// hash), hashed into a string to sign with the credential scope <c>DATE/REGION/SERVICE/aws4_request</c>, signed with a
/// key derived from the secret by HMAC-SHA256 over the date, region, service and <c>aws4_request</c>.
/// </summary>
public static class SigV4Signer
{
    /// <summary>The signing algorithm's name.</summary>
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The format of <c>X-Amz-Date</c>: <c>yyyyMMddTHHmmssZ</c> in UTC.</summary>
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>Signs an HTTP request in place: sets <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c> (temporary
    /// credentials) and <c>Authorization</c>, signing <c>host</c>, every <c>x-amz-*</c> header and <c>content-type</c>.</summary>
    /// <param name="request">The request, with its content (if any) already set to <paramref name="body"/>.</param>
    /// <param name="body">The exact bytes of the body (empty for none).</param>
    /// <param name="credentials">The credentials.</param>
    /// <param name="region">The region, e.g. <c>us-east-1</c>.</param>
    /// <param name="service">The signing name, e.g. <c>cloudformation</c> or <c>states</c>.</param>
    /// <param name="time">The signing time.</param>
    public static void Sign(HttpRequestMessage request, ReadOnlySpan<byte> body, SigningCredentials credentials, string region, string service, DateTimeOffset time)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("the request has no URI", nameof(request));
        var amzDate = time.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);
        request.Headers.Remove("X-Amz-Date");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.Remove("X-Amz-Security-Token");
        if (credentials.SessionToken is { } token)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", token);
        }

        var headers = new List<KeyValuePair<string, string>> { new("host", HostHeader(uri)) };
        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
            {
                headers.Add(new(name, string.Join(',', values)));
            }
        }

        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers.Add(new("content-type", contentType.ToString()));
        }

        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization",
            Authorization(request.Method.Method, uri, headers, Sha256Hex(body), credentials, region, service, amzDate));
    }

    /// <summary>The <c>Authorization</c> header of a request.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="uri">The URI (path and query are signed).</param>
    /// <param name="headers">The headers to sign, including <c>host</c> and <c>x-amz-date</c>.</param>
    /// <param name="payloadHash">The body's SHA-256, lower-case hex.</param>
    /// <param name="credentials">The credentials.</param>
    /// <param name="region">The region.</param>
    /// <param name="service">The signing name.</param>
    /// <param name="amzDate">The <c>X-Amz-Date</c> value.</param>
    /// <returns><c>AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...</c>.</returns>
    public static string Authorization(
        string method, Uri uri, IEnumerable<KeyValuePair<string, string>> headers, string payloadHash, SigningCredentials credentials, string region, string service, string amzDate)
    {
        var canonical = CanonicalRequest(method, uri, headers, payloadHash, out var signedHeaders);
        var scope = $"{amzDate[..8]}/{region}/{service}/aws4_request";
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(SigningKey(credentials.SecretAccessKey, amzDate[..8], region, service), Encoding.UTF8.GetBytes(StringToSign(amzDate, scope, canonical))));
        return $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
    }

    /// <summary>The canonical request.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="uri">The URI.</param>
    /// <param name="headers">The headers to sign.</param>
    /// <param name="payloadHash">The body's SHA-256, lower-case hex.</param>
    /// <param name="signedHeaders">The signed header names, lower case, sorted, joined by <c>;</c>.</param>
    /// <returns>The canonical request's text.</returns>
    public static string CanonicalRequest(string method, Uri uri, IEnumerable<KeyValuePair<string, string>> headers, string payloadHash, out string signedHeaders)
    {
        var canonicalHeaders = headers
            .GroupBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Value: string.Join(',', g.Select(h => CollapseSpaces(h.Value)))))
            .OrderBy(h => h.Name, StringComparer.Ordinal)
            .ToList();
        signedHeaders = string.Join(';', canonicalHeaders.Select(h => h.Name));
        return new StringBuilder()
            .Append(method.ToUpperInvariant()).Append('\n')
            .Append(CanonicalPath(uri.AbsolutePath)).Append('\n')
            .Append(CanonicalQuery(uri.Query)).Append('\n')
            .AppendJoin(string.Empty, canonicalHeaders.Select(h => $"{h.Name}:{h.Value}\n")).Append('\n')
            .Append(signedHeaders).Append('\n')
            .Append(payloadHash)
            .ToString();
    }

    /// <summary>The string to sign.</summary>
    /// <param name="amzDate">The <c>X-Amz-Date</c> value.</param>
    /// <param name="scope">The credential scope.</param>
    /// <param name="canonicalRequest">The canonical request.</param>
    /// <returns>The text.</returns>
    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{Sha256Hex(Encoding.UTF8.GetBytes(canonicalRequest))}";

    /// <summary>The signing key: HMAC-SHA256 chained over <c>"AWS4" + secret</c>, date, region, service and <c>aws4_request</c>.</summary>
    /// <param name="secretAccessKey">The secret.</param>
    /// <param name="date">The date, <c>yyyyMMdd</c>.</param>
    /// <param name="region">The region.</param>
    /// <param name="service">The signing name.</param>
    /// <returns>The 32-byte key.</returns>
    public static byte[] SigningKey(string secretAccessKey, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    /// <summary>SHA-256 as lower-case hex.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>64 hex digits.</returns>
    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Percent-encodes per RFC 3986 as SigV4 wants: every byte but <c>A-Z a-z 0-9 - _ . ~</c>, upper-case hex.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The encoded text.</returns>
    public static string UriEncode(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                result.Append((char)b);
            }
            else
            {
                result.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return result.ToString();
    }

    private static string HostHeader(Uri uri) => uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Each path segment decoded, then encoded twice (SigV4 for every service but S3 encodes the encoded path).</summary>
    private static string CanonicalPath(string path)
    {
        if (path.Length == 0)
        {
            return "/";
        }

        return string.Join('/', path.Split('/').Select(s => UriEncode(UriEncode(Uri.UnescapeDataString(s)))));
    }

    private static string CanonicalQuery(string query)
    {
        if (query.Length <= 1)
        {
            return string.Empty;
        }

        return string.Join('&', query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var name = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
                var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
                return (Name: UriEncode(name), Value: UriEncode(value));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
    }

    private static string CollapseSpaces(string value)
    {
        var trimmed = value.Trim();
        var result = new StringBuilder(trimmed.Length);
        var space = false;
        foreach (var c in trimmed)
        {
            if (c == ' ')
            {
                if (!space)
                {
                    result.Append(c);
                }

                space = true;
            }
            else
            {
                result.Append(c);
                space = false;
            }
        }

        return result.ToString();
    }
}
