using System.Globalization;
using System.Text;
using Mlmax.Serving.Models;

namespace Mlmax.Serving.Metrics;

/// <summary>Writes <see cref="ServerMetrics"/> in the Prometheus text exposition format (version 0.0.4).</summary>
internal static class PrometheusText
{
    /// <summary>The content type of the exposition.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Renders every metric, with the served model as an info gauge.</summary>
    /// <param name="metrics">The counters.</param>
    /// <param name="model">The model being served.</param>
    /// <returns>The exposition text.</returns>
    public static string Render(ServerMetrics metrics, ServedModel model)
    {
        var text = new StringBuilder();
        Header(text, "mlmax_http_requests_total", "counter", "HTTP requests answered, by route and status code.");
        foreach (var ((route, status), count) in metrics.Requests.OrderBy(p => p.Key.Route, StringComparer.Ordinal).ThenBy(p => p.Key.Status))
        {
            text.Append("mlmax_http_requests_total{route=\"").Append(Escape(route)).Append("\",status=\"")
                .Append(status.ToString(CultureInfo.InvariantCulture)).Append("\"} ").Append(Number(count)).Append('\n');
        }

        Header(text, "mlmax_http_request_duration_seconds", "histogram", "Time to answer HTTP requests, by route.");
        foreach (var (route, histogram) in metrics.Latency.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var (cumulative, sum) = histogram.Snapshot();
            var label = Escape(route);
            for (var i = 0; i < cumulative.Length; i++)
            {
                var bound = i < LatencyHistogram.Bounds.Count ? Number(LatencyHistogram.Bounds[i]) : "+Inf";
                text.Append("mlmax_http_request_duration_seconds_bucket{route=\"").Append(label).Append("\",le=\"").Append(bound).Append("\"} ")
                    .Append(Number(cumulative[i])).Append('\n');
            }

            text.Append("mlmax_http_request_duration_seconds_sum{route=\"").Append(label).Append("\"} ").Append(Number(sum)).Append('\n');
            text.Append("mlmax_http_request_duration_seconds_count{route=\"").Append(label).Append("\"} ").Append(Number(cumulative[^1])).Append('\n');
        }

        Single(text, "mlmax_predictions_total", "counter", "Rows scored.", metrics.Predictions);
        Single(text, "mlmax_schema_violations_total", "counter", "Invocations refused because their data did not fit the model's input schema or its training schema.", metrics.SchemaViolations);
        Header(text, "mlmax_schema_guard_violations_total", "counter", "Values violating the training schema (refused or, with --on-violation report, scored), by schema column and problem.");
        foreach (var ((column, problem), count) in metrics.GuardViolations.OrderBy(p => p.Key.Column, StringComparer.Ordinal).ThenBy(p => p.Key.Problem, StringComparer.Ordinal))
        {
            text.Append("mlmax_schema_guard_violations_total{column=\"").Append(Escape(column)).Append("\",problem=\"")
                .Append(Escape(problem)).Append("\"} ").Append(Number(count)).Append('\n');
        }

        Single(text, "mlmax_model_swaps_total", "counter", "Times a new model version was swapped in.", metrics.Swaps);
        Single(text, "mlmax_model_load_failures_total", "counter", "Times a new model version failed to load; the previous one kept serving.", metrics.LoadFailures);
        Single(text, "mlmax_request_log_rows_total", "counter", "Sampled rows queued for the request log.", metrics.LoggedRows);
        Single(text, "mlmax_request_log_dropped_total", "counter", "Sampled rows dropped because the request log's queue was full.", metrics.DroppedRows);
        Single(text, "mlmax_request_log_segments_total", "counter", "Request log segments written to the artifact store.", metrics.Segments);
        Single(text, "mlmax_request_log_failures_total", "counter", "Request log segments that could not be written (their rows are lost).", metrics.LogFailures);
        Header(text, "mlmax_model_info", "gauge", "The model version being served.");
        text.Append("mlmax_model_info{name=\"").Append(Escape(model.Version.Name))
            .Append("\",version=\"").Append(model.Version.Version.ToString(CultureInfo.InvariantCulture))
            .Append("\",bundle=\"").Append(Escape(model.Version.BundleArtifact)).Append("\"} 1\n");
        return text.ToString();
    }

    private static void Single(StringBuilder text, string name, string type, string help, long value)
    {
        Header(text, name, type, help);
        text.Append(name).Append(' ').Append(Number(value)).Append('\n');
    }

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string label) => label.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
