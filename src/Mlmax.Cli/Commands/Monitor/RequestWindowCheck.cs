using System.Globalization;
using Mlmax.Cli.Internal;
using Mlmax.Monitoring.Baselines;
using Mlmax.Monitoring.Drift;
using Mlmax.Monitoring.Requests;
using Mlmax.Registry;
using Mlmax.RequestLog;

namespace Mlmax.Cli.Commands.Monitor;

/// <summary>
/// <c>mlmax monitor MODEL --requests [--since WHEN]</c>: the served rows a version logged in a window, profiled and
/// checked against its baselines as a batch inference run is; <c>mlmax monitor</c> records, reports and alerts on it.
/// </summary>
internal static class RequestWindowCheck
{
    /// <summary>The window when <c>--since</c> is not given.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);

    /// <summary>The window's reports, and what it held.</summary>
    public sealed record Result(DriftReport Input, DriftReport? Predictions, int Segments, RequestWindowProfile Profile);

    public static async Task<Result> AnalyzeAsync(
        ProjectHost host, ModelVersionRecord version, Baseline inputBaseline, Baseline? predictionBaseline, DriftThresholds thresholds,
        DateTimeOffset since, DateTimeOffset until, string scratch, CancellationToken cancellationToken)
    {
        var segments = await host.Metadata.ListRequestLogSegmentsAsync(version.Name, version.Version, since, until, cancellationToken);
        if (segments.Count == 0)
        {
            throw new UserException(
                $"no logged requests of {version.Reference} since {Format(since)}: serve it with request logging on (mlmax serve {version.Name}@ALIAS --log-requests 0.1, or serving: {{ log_requests: 0.1 }} in mlmax.yaml), or widen --since");
        }

        var archive = new RequestLogArchive(host.Artifacts, host.Metadata, Path.Combine(scratch, "requests"), TimeProvider.System);
        var rows = archive.ReadWindowAsync(version.Name, version.Version, since, until, cancellationToken);
        var profile = await RequestWindowProfiler.ProfileAsync(rows, inputBaseline, predictionBaseline, $"{version.Reference} requests", cancellationToken);
        if (profile.Rows == 0)
        {
            throw new UserException($"no logged requests of {version.Reference} since {Format(since)}: widen --since");
        }

        var input = DriftAnalyzer.Analyze(inputBaseline, profile.Input, thresholds);
        var predictions = predictionBaseline is null || profile.Predictions is null ? null : DriftAnalyzer.Analyze(predictionBaseline, profile.Predictions, thresholds);
        return new Result(input, predictions, segments.Count, profile);
    }

    /// <summary>For people: what the window held.</summary>
    public static string Describe(Result result, DateTimeOffset since, DateTimeOffset until) =>
        $"logged requests from {Format(since)} to {Format(until)}: {result.Profile.Rows:N0} rows of {result.Profile.Requests:N0} requests in {result.Segments} segment(s)";

    /// <summary>What the window held, as <c>--json</c> gives it under <c>requests</c>.</summary>
    public static object ToJson(Result result, DateTimeOffset since, DateTimeOffset until) => new
    {
        since = Format(since),
        until = Format(until),
        segments = result.Segments,
        requests = result.Profile.Requests,
        rows = result.Profile.Rows,
        first_at = result.Profile.FirstAt is { } first ? Format(first) : null,
        last_at = result.Profile.LastAt is { } last ? Format(last) : null,
    };

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
