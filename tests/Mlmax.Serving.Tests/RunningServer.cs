using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mlmax.Registry;
using Mlmax.Serving.Models;

namespace Mlmax.Serving.Tests;

/// <summary>A <see cref="ModelServer"/> on real Kestrel (port 0), with an HttpClient talking to it over 127.0.0.1.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private RunningServer(ModelServer server, CapturedLogs logs, string? token)
    {
        Server = server;
        Logs = logs;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}"), Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public ModelServer Server { get; }

    public CapturedLogs Logs { get; }

    public HttpClient Http { get; }

    public static Task<RunningServer> StartAsync(CensusProject project, string model = "census:1") =>
        StartAsync(project, new ModelServerOptions { Model = ModelReference.Parse(model), Port = 0 });

    public static Task<RunningServer> StartAsync(CensusProject project, ModelServerOptions options, Mlmax.RequestLog.IRequestLogSink requestLog) =>
        StartAsync(project, options, source: null, clientToken: null, requestLog);

    public static async Task<RunningServer> StartAsync(
        CensusProject project, ModelServerOptions options, IModelSource? source = null, string? clientToken = null, Mlmax.RequestLog.IRequestLogSink? requestLog = null)
    {
        var logs = new CapturedLogs();
        source ??= new RegistryModelSource(project.Metadata, project.Artifacts, project.CacheDirectory, TimeProvider.System);
        var server = new ModelServer(options, source, requestLog, logs.Factory(), TimeProvider.System);
        await server.StartAsync(CancellationToken.None);
        return new RunningServer(server, logs, clientToken);
    }

    public Task<HttpResponseMessage> PostAsync(string body, string contentType, string path = "/invocations") =>
        Http.PostAsync(path, new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType)));

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
