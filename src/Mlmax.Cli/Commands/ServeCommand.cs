using System.ComponentModel;
using Microsoft.Extensions.Logging;
using Mlmax.Cli.Internal;
using Mlmax.Registry;
using Mlmax.RequestLog;
using Mlmax.Scoring.Schema;
using Mlmax.Serving;
using Mlmax.Serving.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands;

/// <summary><c>mlmax serve MODEL</c>: serve a registered version over HTTP (SageMaker and MLflow payloads), hot-swapping when its alias moves.</summary>
internal sealed class ServeCommand : AsyncCommand<ServeCommand.Settings>
{
    /// <summary>The environment variable holding the bearer token when <c>--token-env</c> is not given.</summary>
    public const string DefaultTokenVariable = "MLMAX_SERVE_TOKEN";

    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<MODEL>")]
        [Description("NAME:VERSION (pinned), NAME@ALIAS or NAME (latest): the last two are watched and hot-swapped when they move.")]
        public string Model { get; init; } = "";

        [CommandOption("--host <ADDRESS>")]
        [Description("The IP address to listen on (default 127.0.0.1). A non-loopback address (e.g. 0.0.0.0) needs a bearer token.")]
        public string Host { get; init; } = "127.0.0.1";

        [CommandOption("--port <PORT>")]
        [Description("The TCP port (default 8080; 0 picks a free one).")]
        public int Port { get; init; } = 8080;

        [CommandOption("--token-env <NAME>")]
        [Description("The environment variable holding the bearer token clients must send (default MLMAX_SERVE_TOKEN). When set, every route but /ping and /health needs it.")]
        public string? TokenEnv { get; init; }

        [CommandOption("--max-body-bytes <N>")]
        [Description("The largest request body accepted (default 6291456, 6 MB); larger ones are answered 413.")]
        public long MaxBodyBytes { get; init; } = ModelServerOptions.DefaultMaxBodyBytes;

        [CommandOption("--poll-seconds <SECONDS>")]
        [Description("How often to check where an alias points (default 5).")]
        public double PollSeconds { get; init; } = 5;

        [CommandOption("--on-violation <POLICY>")]
        [Description("Rows that do not fit the model's training schema (unseen category, not a number): refuse (default: answer 422 naming each row, column and value) or report (score them; count them in the X-Mlmax-Schema-Violations header, the metrics and the log).")]
        public string OnViolation { get; init; } = "refuse";

        [CommandOption("--log-requests <RATE>")]
        [Description("The share of served rows logged to the artifact store for monitoring (mlmax monitor --requests, mlmax monitor labels), from 0 (off: no request body is kept) to 1 (every row). Default: serving.log_requests in mlmax.yaml, else 0.")]
        public double? LogRequests { get; init; }

        [CommandOption("--id-column <NAME>")]
        [Description("The request column holding each row's id: not passed to the model, kept in the request log so labels can be joined later. Default: serving.id_column in mlmax.yaml, else id.")]
        public string? IdColumn { get; init; }

        [CommandOption("--log-flush-seconds <SECONDS>")]
        [Description("With --log-requests: write the waiting rows as a segment at least this often (default 30; also every 1000 rows and on stop).")]
        public double LogFlushSeconds { get; init; } = 30;
    }

    public override ValidationResult Validate(CommandContext context, Settings settings) =>
        settings.PollSeconds is <= 0 or > 86_400 || double.IsNaN(settings.PollSeconds)
            ? ValidationResult.Error($"--poll-seconds must be more than 0 and at most 86400, got {settings.PollSeconds}")
            : ViolationPolicyOption.Parse(settings.OnViolation) is null
                ? ValidationResult.Error(ViolationPolicyOption.Error(settings.OnViolation))
                : settings.LogRequests is { } rate && (double.IsNaN(rate) || rate is < 0 or > 1)
                    ? ValidationResult.Error($"--log-requests must be from 0 (off) to 1 (every row), got {rate}: e.g. 0.1 logs one served row in ten")
                    : settings.LogFlushSeconds is < 0.01 or > 86_400 || double.IsNaN(settings.LogFlushSeconds)
                        ? ValidationResult.Error($"--log-flush-seconds must be from 0.01 to 86400, got {settings.LogFlushSeconds}")
                        : ValidationResult.Success();

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var token = ReadToken(settings.TokenEnv);
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var version = await ModelResolver.ResolveAsync(host, settings.Model, cancellationToken);
        var options = new ModelServerOptions
        {
            Model = ModelReference.Parse(settings.Model),
            Host = settings.Host,
            Port = settings.Port,
            Token = token,
            MaxBodyBytes = settings.MaxBodyBytes,
            PollInterval = TimeSpan.FromSeconds(settings.PollSeconds),
            OnViolation = ViolationPolicyOption.Parse(settings.OnViolation)!.Value,
            IdColumn = settings.IdColumn ?? host.Settings.ServingIdColumn ?? "id",
            RequestLog = new RequestLogOptions
            {
                SampleRate = settings.LogRequests ?? host.Settings.ServingLogRequests ?? 0,
                FlushInterval = TimeSpan.FromSeconds(settings.LogFlushSeconds),
            },
        };
        using var logs = LoggerFactory.Create(logging => logging
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
            })
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Hosting", LogLevel.None) // a failed start is reported once, below, without a stack trace
            .SetMinimumLevel(LogLevel.Information));
        var source = new RegistryModelSource(host.Registry, host.Artifacts, Path.Combine(host.StateDirectory, "tmp", "bundles"), TimeProvider.System);
        // With a rate of 0 no sink is given: nothing about a request body can be kept.
        var requestLog = options.RequestLog.Enabled
            ? new RequestLogArchive(host.Artifacts, host.Metadata, Path.Combine(host.StateDirectory, "tmp", "request-log"), TimeProvider.System)
            : null;
        await using var server = new ModelServer(options, source, requestLog, logs, TimeProvider.System);
        try
        {
            await server.StartAsync(cancellationToken);
        }
        catch (ServingConfigurationException e)
        {
            throw new UserException(e.Message);
        }
        catch (IOException e)
        {
            throw new UserException($"cannot listen on {settings.Host}:{settings.Port}: {e.Message}");
        }

        if (settings.Json)
        {
            Json.Write(new { model = version.Reference, served_as = settings.Model, addresses = server.Addresses.Select(Authority), port = server.Port, auth = token is not null, on_violation = options.OnViolation.ToString().ToLowerInvariant(), log_requests = options.RequestLog.SampleRate, id_column = options.IdColumn });
        }
        else
        {
            AnsiConsole.MarkupLine($"serving [green]{Markup.Escape(server.Model.Version.Reference)}[/] ({Markup.Escape(settings.Model)}) on {Markup.Escape(string.Join(", ", server.Addresses.Select(Authority)))}" +
                $"{(token is null ? "" : " (bearer token required)")}" +
                $"{(options.RequestLog.Enabled ? $"; logging {(options.RequestLog.SampleRate * 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}% of served rows" : "")}; Ctrl-C stops");
        }

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C or SIGTERM: a clean stop that lets in-flight requests finish.
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await server.StopAsync(grace.Token);
        return 0;
    }

    private static string Authority(Uri address) => address.GetLeftPart(UriPartial.Authority);

    /// <summary>The token from the environment; an explicitly named variable must be set.</summary>
    private static BearerToken? ReadToken(string? variable)
    {
        var text = Environment.GetEnvironmentVariable(variable ?? DefaultTokenVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return variable is null ? null : throw new UserException($"--token-env {variable}: the environment variable {variable} is not set or empty");
        }

        return new BearerToken(text.Trim());
    }
}
