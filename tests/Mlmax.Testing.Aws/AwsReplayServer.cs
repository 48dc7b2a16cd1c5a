using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mlmax.Testing.Aws;

/// <summary>
/// A CloudFormation and Step Functions stand-in for tests: Kestrel on a free loopback port answering each request with
/// the recorded response of the first matching <see cref="Exchange"/>, after checking it as AWS would: its SigV4
/// signature (recomputed with the test credentials), the protocol (query with <c>Version=2010-05-15</c>, or JSON 1.0 with
/// <c>X-Amz-Target</c>) and the fields the exchange expects. A request that fails a check, or that no exchange
/// answers, gets an AWS-style error and is listed in <see cref="Problems"/>.
/// </summary>
public sealed partial class AwsReplayServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<Exchange> _exchanges = [];
    private readonly Dictionary<Exchange, int> _used = [];
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly ConcurrentDictionary<string, string> _variables = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    private AwsReplayServer(WebApplication app, Uri endpoint, string accessKeyId, string secretAccessKey, string? sessionToken, string region)
    {
        _app = app;
        Endpoint = endpoint;
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        SessionToken = sessionToken;
        Region = region;
    }

    /// <summary>The server's URL.</summary>
    public Uri Endpoint { get; }

    /// <summary>The access key requests must be signed with.</summary>
    public string AccessKeyId { get; }

    /// <summary>Its secret.</summary>
    public string SecretAccessKey { get; }

    /// <summary>The session token requests must carry, if any.</summary>
    public string? SessionToken { get; }

    /// <summary>The region requests must be signed for.</summary>
    public string Region { get; }

    /// <summary>The variables that point mlmax at this server.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["MLMAX_AWS_ENDPOINT_CLOUDFORMATION"] = Endpoint.ToString(),
        ["MLMAX_AWS_ENDPOINT_STATES"] = Endpoint.ToString(),
    };

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>Every problem found with a request.</summary>
    public IReadOnlyList<string> Problems => [.. _problems];

    /// <summary>Variables filling the fixtures' placeholders.</summary>
    public IDictionary<string, string> Variables => _variables;

    /// <summary>Starts a server.</summary>
    /// <param name="accessKeyId">The access key requests must be signed with.</param>
    /// <param name="secretAccessKey">Its secret.</param>
    /// <param name="sessionToken">The session token requests must carry, if any.</param>
    /// <param name="region">The region.</param>
    /// <returns>The running server.</returns>
    public static async Task<AwsReplayServer> StartAsync(string accessKeyId, string secretAccessKey, string? sessionToken, string region)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        AwsReplayServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new AwsReplayServer(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), accessKeyId, secretAccessKey, sessionToken, region);
        return server;
    }

    /// <summary>Adds exchanges, answered in the order added.</summary>
    /// <param name="exchanges">The exchanges.</param>
    public void Expect(params Exchange[] exchanges)
    {
        lock (_gate)
        {
            _exchanges.AddRange(exchanges);
        }
    }

    /// <summary>Forgets every exchange and request (variables are kept).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _exchanges.Clear();
            _used.Clear();
            _requests.Clear();
            _problems.Clear();
        }
    }

    /// <summary>The requests of one action.</summary>
    /// <param name="action">The action.</param>
    /// <returns>The requests.</returns>
    public IReadOnlyList<ReceivedRequest> RequestsOf(string action) => Requests.Where(r => r.Action == action).ToList();

    /// <summary>A fixture's text with the variables filled in.</summary>
    /// <param name="fixture">The file under <c>Fixtures/aws/</c>.</param>
    /// <returns>The text.</returns>
    public string Render(string fixture)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "aws", fixture));
        return Placeholder().Replace(text, m => _variables.TryGetValue(m.Groups[1].Value, out var value)
            ? (fixture.EndsWith(".xml", StringComparison.Ordinal) ? System.Security.SecurityElement.Escape(value) : JsonEscape(value))
            : throw new InvalidOperationException($"fixture {fixture}: no variable {m.Groups[1].Value}"));
    }

    /// <summary>Stops the server.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        var request = new ReceivedRequest(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? "", headers, buffer.ToArray());
        _requests.Enqueue(request);
        var problems = SignatureCheck.Verify(request, AccessKeyId, SecretAccessKey, SessionToken, Region, request.Service, DateTimeOffset.UtcNow);
        problems.AddRange(ProtocolProblems(request));
        if (problems.Count > 0)
        {
            await FailAsync(context, request, 403, request.Service == "states" ? "InvalidSignatureException" : "SignatureDoesNotMatch", problems);
            return;
        }

        Exchange? exchange;
        lock (_gate)
        {
            exchange = _exchanges.FirstOrDefault(e => e.Service == request.Service && e.Action == request.Action
                && (e.Times is null || _used.GetValueOrDefault(e) < e.Times) && (e.When is null || e.When(request)));
            if (exchange is not null)
            {
                _used[exchange] = _used.GetValueOrDefault(exchange) + 1;
            }
        }

        if (exchange is null)
        {
            await FailAsync(context, request, 400, "UnexpectedRequest", [$"no recorded exchange answers {request.Service} {request.Action}: {request.Text}"]);
            return;
        }

        var missing = exchange.Expect
            .Where(f => request.Field(f.Key) is not { } value || (f.Value is not null && f.Value != value))
            .Select(f => $"{request.Action}: field {f.Key} expected {(f.Value is null ? "present" : $"'{f.Value}'")}, got '{request.Field(f.Key)}'")
            .ToList();
        if (missing.Count > 0)
        {
            await FailAsync(context, request, 400, "ValidationError", missing);
            return;
        }

        foreach (var (field, variable) in exchange.Capture)
        {
            if (request.Field(field) is { } value)
            {
                _variables[variable] = value;
            }
        }

        if (exchange.OnRequest is not null)
        {
            await exchange.OnRequest(request, new Dictionary<string, string>(_variables));
        }

        context.Response.StatusCode = exchange.Status;
        context.Response.ContentType = request.Service == "states" ? "application/x-amz-json-1.0" : "text/xml";
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        await context.Response.WriteAsync(exchange.Body ?? Render(exchange.Fixture ?? throw new InvalidOperationException($"exchange {exchange.Action} has neither Fixture nor Body")));
    }

    private static List<string> ProtocolProblems(ReceivedRequest request)
    {
        var problems = new List<string>();
        if (request.Method != "POST" || request.Path != "/")
        {
            problems.Add($"expected POST /, got {request.Method} {request.Path}");
        }

        if (request.Service == "states")
        {
            if (request.Header("content-type") != "application/x-amz-json-1.0")
            {
                problems.Add($"Step Functions takes application/x-amz-json-1.0, got {request.Header("content-type")}");
            }
        }
        else
        {
            if (request.Header("content-type") != "application/x-www-form-urlencoded; charset=utf-8")
            {
                problems.Add($"CloudFormation's query protocol takes application/x-www-form-urlencoded; charset=utf-8, got {request.Header("content-type")}");
            }

            if (request.Form.GetValueOrDefault("Version") != "2010-05-15")
            {
                problems.Add($"CloudFormation API version 2010-05-15 expected, got '{request.Form.GetValueOrDefault("Version")}'");
            }
        }

        return problems;
    }

    private async Task FailAsync(HttpContext context, ReceivedRequest request, int status, string code, List<string> problems)
    {
        foreach (var p in problems)
        {
            _problems.Enqueue(p);
        }

        var message = string.Join("; ", problems);
        context.Response.StatusCode = status;
        if (request.Service == "states")
        {
            context.Response.ContentType = "application/x-amz-json-1.0";
            await context.Response.WriteAsync($"{{\"__type\":\"com.amazonaws.swf.service.v2.model#{code}\",\"message\":\"{JsonEscape(message)}\"}}");
        }
        else
        {
            context.Response.ContentType = "text/xml";
            await context.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                $"<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><Error><Type>Sender</Type><Code>{code}</Code><Message>{System.Security.SecurityElement.Escape(message)}</Message></Error><RequestId>{Guid.NewGuid()}</RequestId></ErrorResponse>"));
        }
    }

    private static string JsonEscape(string text)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(text);
        return json[1..^1];
    }

    [GeneratedRegex(@"\{\{([A-Za-z0-9_]+)\}\}")]
    private static partial Regex Placeholder();
}
