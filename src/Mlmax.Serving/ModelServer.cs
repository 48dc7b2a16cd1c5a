using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mlmax.RequestLog;
using Mlmax.Serving.Http;
using Mlmax.Serving.Metrics;
using Mlmax.Serving.Models;
using Mlmax.Serving.RequestLogging;

namespace Mlmax.Serving;

/// <summary>
/// Serves one registered model over HTTP on Kestrel: <c>/ping</c>, <c>/invocations</c> (SageMaker's hosting contract,
/// with MLflow's JSON shapes), <c>/health</c>, <c>/version</c>, <c>/metrics</c> and <c>/openapi.json</c>. When the
/// reference is an alias (or the latest version), the registry is polled and a moved alias is loaded, verified and
/// swapped in without dropping a request.
/// </summary>
/// <example>
/// <code>
/// await using var server = new ModelServer(options, new RegistryModelSource(registry, artifacts, cacheDir, TimeProvider.System), loggerFactory, TimeProvider.System);
/// await server.StartAsync(cancellationToken);
/// Console.WriteLine($"listening on port {server.Port}");
/// </code>
/// </example>
public sealed class ModelServer : IAsyncDisposable
{
    /// <summary>The most bytes Kestrel reads of any request body (drained or not); invocations stop at <see cref="ModelServerOptions.MaxBodyBytes"/>.</summary>
    private const long KestrelBodyCap = 32L * 1024 * 1024;

    private readonly ModelServerOptions _options;
    private readonly IModelSource _source;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _log;
    private readonly ServerMetrics _metrics = new();
    private readonly IRequestLogSink? _requestLogSink;
    private RequestLogWriter? _requestLog;
    private WebApplication? _app;
    private ModelHolder? _holder;
    private AliasWatcher? _watcher;
    private bool _stopped;

    /// <summary>Creates a server; nothing is loaded or bound until <see cref="StartAsync"/>.</summary>
    /// <param name="options">What to serve and how.</param>
    /// <param name="source">Where versions come from.</param>
    /// <param name="loggerFactory">Where the server and Kestrel log.</param>
    /// <param name="timeProvider">The clock (polling, latency).</param>
    public ModelServer(ModelServerOptions options, IModelSource source, ILoggerFactory loggerFactory, TimeProvider timeProvider)
        : this(options, source, null, loggerFactory, timeProvider)
    {
    }

    /// <summary>Creates a server that logs a sample of served rows (<see cref="ModelServerOptions.RequestLog"/>); nothing is loaded or bound until <see cref="StartAsync"/>.</summary>
    /// <param name="options">What to serve and how.</param>
    /// <param name="source">Where versions come from.</param>
    /// <param name="requestLog">Where sampled rows are written (e.g. a <see cref="RequestLogArchive"/>); required when the sampling rate is above 0, unused otherwise.</param>
    /// <param name="loggerFactory">Where the server and Kestrel log.</param>
    /// <param name="timeProvider">The clock (polling, latency, when rows were scored, flushes).</param>
    public ModelServer(ModelServerOptions options, IModelSource source, IRequestLogSink? requestLog, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        _requestLogSink = requestLog;
        _options = options;
        _source = source;
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider;
        _log = loggerFactory.CreateLogger<ModelServer>();
    }

    /// <summary>The addresses listened on (e.g. <c>http://127.0.0.1:8080</c>), once started.</summary>
    public IReadOnlyList<Uri> Addresses { get; private set; } = [];

    /// <summary>The port listened on (the one picked when <see cref="ModelServerOptions.Port"/> is 0), once started.</summary>
    public int Port => Addresses.Count > 0 ? Addresses[0].Port : throw new InvalidOperationException("the server has not started");

    /// <summary>The model being served now.</summary>
    public ServedModel Model => _holder?.Current ?? throw new InvalidOperationException("the server has not started");

    /// <summary>Validates the options, loads and verifies the model, starts listening, then starts watching the registry.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ServingConfigurationException">The options are invalid, or the reference names no version.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("the server has already started");
        }

        _options.Validate();
        if (_options.RequestLog.Enabled && _requestLogSink is null)
        {
            throw new ServingConfigurationException("the request log is on (sampling rate above 0) but the server has nowhere to write it");
        }

        var version = await _source.ResolveAsync(_options.Model, cancellationToken)
            ?? throw new ServingConfigurationException($"{_options.Model} names no version in the registry (see: mlmax models list)");
        _holder = new ModelHolder(await _source.LoadAsync(version, cancellationToken));
        if (_options.RequestLog.Enabled)
        {
            _requestLog = new RequestLogWriter(_requestLogSink!, _options.RequestLog, _metrics, _log, _timeProvider);
        }

        var app = Build(_holder);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            await StopRequestLogAsync();
            throw;
        }

        _app = app;
        Addresses = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .Select(a => new Uri(a)).ToList();
        if (_options.WatchesRegistry)
        {
            _watcher = new AliasWatcher(_source, _options.Model, _holder, _metrics, _log, _options.PollInterval, _timeProvider, _options.OnViolation);
            _watcher.Start();
        }

        Log.Guard(_log, _holder.Current, _options.OnViolation);
        if (_requestLog is not null)
        {
            Log.RequestLogOn(_log, _options.RequestLog.SampleRate, _options.IdColumn ?? "(none)", _options.RequestLog.FlushRows, _options.RequestLog.FlushInterval);
        }

        Log.Started(_log, version.Reference, _options.Model.ToString(), string.Join(", ", Addresses.Select(a => a.GetLeftPart(UriPartial.Authority))), _options.Token is null ? "not required" : "required");
    }

    /// <summary>Stops watching, stops accepting requests and lets those in flight finish, then writes the request log's waiting rows.</summary>
    /// <param name="cancellationToken">Ends the wait for in-flight requests.</param>
    /// <returns>A task.</returns>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_watcher is not null)
        {
            await _watcher.DisposeAsync();
            _watcher = null;
        }

        if (_app is not null && !_stopped)
        {
            _stopped = true;
            try
            {
                await _app.StopAsync(cancellationToken);
            }
            finally
            {
                await StopRequestLogAsync();
            }

            Log.Stopped(_log, Model.Version.Reference);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }
    }

    private async Task StopRequestLogAsync()
    {
        if (_requestLog is not null)
        {
            await _requestLog.DisposeAsync();
            _requestLog = null;
        }
    }

    private WebApplication Build(ModelHolder holder)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(ModelServer).Assembly.GetName().Name });
        builder.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(new ServerLoggerFactory(_loggerFactory)));
        builder.Services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(Logger<>)));
        builder.Services.Replace(ServiceDescriptor.Singleton<IHostLifetime, ManualHostLifetime>());
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The invocation limit is enforced by the handler (declared length, then while reading). Kestrel's own cap sits
            // above it so that the unread rest of a refused body is drained and the client reads its 413 instead of a reset.
            kestrel.Limits.MaxRequestBodySize = Math.Max(_options.MaxBodyBytes, KestrelBodyCap);
            kestrel.Listen(_options.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(_options.Host), _options.Port);
        });

        var app = builder.Build();
        var info = new InfoEndpoints(holder, _metrics, _options.Model.ToString(), _options.Token is not null, _options.OnViolation);
        var invocations = new InvocationsHandler(holder, _metrics, _options.MaxBodyBytes, _options.OnViolation, _log, _options.IdColumn, _requestLog, _timeProvider);
        var metrics = new RequestMetricsMiddleware(_metrics, _timeProvider);
        var errors = new ErrorHandlingMiddleware(_log);
        app.UseRouting();
        app.Use(metrics.InvokeAsync);
        app.Use(errors.InvokeAsync);
        if (_options.Token is { } token)
        {
            app.Use(new BearerAuthMiddleware(token).InvokeAsync);
        }

        var isPublic = new PublicEndpoint();
        app.MapGet("/ping", info.PingAsync).WithMetadata(isPublic);
        app.MapGet("/health", info.HealthAsync).WithMetadata(isPublic);
        app.MapGet("/version", info.VersionAsync);
        app.MapGet("/metrics", info.MetricsAsync);
        app.MapGet("/openapi.json", info.OpenApiAsync);
        app.MapPost("/invocations", invocations.HandleAsync);
        return app;
    }
}
