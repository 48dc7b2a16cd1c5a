using System.Net.Http.Headers;

namespace Mlmax.Aws.Api.Internal;

/// <summary>An AWS API error as read from a response body.</summary>
/// <param name="Code">The error code.</param>
/// <param name="Message">The message.</param>
/// <param name="RequestId">The request id, if in the body.</param>
internal sealed record AwsError(string Code, string Message, string? RequestId);

/// <summary>
/// Sends one signed request to an AWS service and returns its body, retrying what AWS asks clients to retry
/// (throttling, 5xx, lost connections) with exponential backoff and full jitter; any other error is thrown as an
/// <see cref="AwsApiException"/>.
/// </summary>
internal sealed class AwsHttpSender
{
    private const int MaxAttempts = 5;
    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(300);
    private static readonly HashSet<string> Throttling = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestLimitExceeded", "TooManyRequestsException", "RequestThrottled", "SlowDown",
    };

    private readonly HttpClient _http;
    private readonly AwsSettings _settings;
    private readonly TimeProvider _time;

    public AwsHttpSender(HttpClient http, AwsSettings settings, TimeProvider time)
    {
        _http = http;
        _settings = settings;
        _time = time;
    }

    /// <summary>Sends a POST and returns the body of a 2xx response.</summary>
    /// <param name="service">The service's name for messages.</param>
    /// <param name="signingName">The SigV4 service name.</param>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="action">The API action (for messages).</param>
    /// <param name="contentType">The body's content type.</param>
    /// <param name="body">The body.</param>
    /// <param name="headers">Extra headers (e.g. <c>X-Amz-Target</c>).</param>
    /// <param name="parseError">Reads an error body.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response body.</returns>
    public async Task<string> PostAsync(
        string service, string signingName, Uri endpoint, string action, string contentType, byte[] body,
        IReadOnlyDictionary<string, string> headers, Func<string, AwsError?> parseError, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            var credentials = await _settings.CredentialsAsync(cancellationToken);
            SigV4Signer.Sign(request, body, credentials, _settings.Region, signingName, _time.GetUtcNow());
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException) when (attempt < MaxAttempts)
            {
                await DelayAsync(attempt, cancellationToken);
                continue;
            }
            catch (HttpRequestException e)
            {
                throw new AwsUnreachableException($"{service} {action}: could not reach {endpoint.GetLeftPart(UriPartial.Authority)} ({e.Message}); check the network, the proxy settings and the region", e);
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                var status = (int)response.StatusCode;
                if (status is >= 200 and < 300)
                {
                    return text;
                }

                var error = parseError(text) ?? new AwsError($"Http{status}", Truncate(text), null);
                var requestId = error.RequestId ?? (response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null);
                var retryable = status >= 500 || status == 429 || Throttling.Contains(error.Code);
                if (retryable && attempt < MaxAttempts)
                {
                    await DelayAsync(attempt, cancellationToken);
                    continue;
                }

                throw new AwsApiException(service, action, status, error.Code, error.Message, requestId);
            }
        }
    }

    private Task DelayAsync(int attempt, CancellationToken cancellationToken)
    {
        var cap = BaseDelay * Math.Pow(2, attempt - 1);
        return Task.Delay(cap * Random.Shared.NextDouble(), _time, cancellationToken);
    }

    private static string Truncate(string text) => text.Length <= 300 ? text.Trim() : text[..300].Trim() + "...";
}
