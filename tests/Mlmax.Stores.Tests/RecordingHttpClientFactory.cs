using System.Collections.Concurrent;
using System.Web;
using Amazon.Runtime;

namespace Mlmax.Stores.Tests;

/// <summary>Gives the S3 client one HttpClient that records the method and query of every request it sends.</summary>
internal sealed class RecordingHttpClientFactory : HttpClientFactory
{
    private readonly ConcurrentQueue<(string Method, string Query)> _requests = new();
    private readonly Lazy<HttpClient> _client;

    public RecordingHttpClientFactory() =>
        _client = new Lazy<HttpClient>(() => new HttpClient(new Recorder(_requests, new SocketsHttpHandler())));

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => _client.Value;

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    /// <summary>Requests of <paramref name="method"/> whose query contains <paramref name="query"/>.</summary>
    public int Count(string method, string query) => _requests.Count(r => r.Method == method && r.Query.Contains(query, StringComparison.Ordinal));

    /// <summary>The upload ids that parts were sent for.</summary>
    public List<string> UploadIdsUsed() => UploadIds("PUT");

    /// <summary>The upload ids that aborts were sent for.</summary>
    public List<string> UploadIdsAborted() => UploadIds("DELETE");

    private List<string> UploadIds(string method) => _requests
        .Where(r => r.Method == method)
        .Select(r => HttpUtility.ParseQueryString(r.Query)["uploadId"])
        .OfType<string>()
        .Distinct()
        .Order(StringComparer.Ordinal)
        .ToList();

    private sealed class Recorder(ConcurrentQueue<(string Method, string Query)> requests, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            requests.Enqueue((request.Method.Method, request.RequestUri?.Query ?? string.Empty));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
