using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Mlmax.Monitoring.Alerts;

/// <summary>
/// Posts alerts to webhooks: a JSON body, a timeout per attempt, retries with exponential backoff on network errors,
/// timeouts and 5xx/429 answers. Never throws for a failed webhook: it returns what went wrong, naming the URL
/// without its query or user info (they may carry tokens).
/// </summary>
/// <param name="http">The client (its own timeout is not used; <see cref="WebhookOptions.Timeout"/> is).</param>
/// <param name="time">The clock of the backoff waits.</param>
/// <param name="options">Attempts, timeout and backoff.</param>
public sealed class WebhookSender(HttpClient http, TimeProvider time, WebhookOptions options)
{
    /// <summary>Posts <paramref name="json"/> to <paramref name="target"/>.</summary>
    /// <param name="target">The webhook.</param>
    /// <param name="json">The body.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="null"/> when delivered (a 2xx answer); otherwise why not, safe to print.</returns>
    public async Task<string?> SendAsync(WebhookTarget target, string json, CancellationToken cancellationToken)
    {
        string? problem = null;
        for (var attempt = 1; attempt <= options.Attempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(options.Backoff * Math.Pow(2, attempt - 2), time, cancellationToken);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Timeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
                foreach (var (name, value) in target.Headers)
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }

                if (!string.IsNullOrEmpty(target.Url.UserInfo))
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(target.Url.UserInfo))));
                }

                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return null;
                }

                problem = $"{target.Display} answered {(int)response.StatusCode} {response.ReasonPhrase}";
                if ((int)response.StatusCode < 500 && (int)response.StatusCode != 429)
                {
                    return problem;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"{target.Display} did not answer within {options.Timeout.TotalSeconds:0.#}s");
            }
            catch (HttpRequestException e)
            {
                problem = $"{target.Display} could not be reached ({e.HttpRequestError})";
            }
        }

        return $"{problem} (after {options.Attempts} attempt(s))";
    }
}
