using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Mlmax.Serving.Tests;

[Collection(CensusCollection.Name)]
public sealed class MetricsTests(CensusProject project)
{
    [Fact]
    public async Task Metrics_AfterKnownRequests_CountThemByRouteStatusAndRows()
    {
        await using var server = await RunningServer.StartAsync(project);
        var payloads = new Payloads(project, server.Server.Model);
        for (var i = 0; i < 3; i++)
        {
            using var ok = await server.PostAsync(payloads.CsvWithoutHeader, "text/csv");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var bad = await server.PostAsync(payloads.OneRecordWithout("education"), "application/json"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        }

        using (var unsupported = await server.PostAsync("x", "text/plain"))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
        }

        for (var i = 0; i < 2; i++)
        {
            using var ping = await server.Http.GetAsync("/ping");
        }

        using var response = await server.Http.GetAsync("/metrics");
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(3, Value(text, "mlmax_http_requests_total{route=\"/invocations\",status=\"200\"}"));
        Assert.Equal(1, Value(text, "mlmax_http_requests_total{route=\"/invocations\",status=\"422\"}"));
        Assert.Equal(1, Value(text, "mlmax_http_requests_total{route=\"/invocations\",status=\"415\"}"));
        Assert.Equal(2, Value(text, "mlmax_http_requests_total{route=\"/ping\",status=\"200\"}"));
        Assert.Equal(3 * project.Rows.Count, Value(text, "mlmax_predictions_total"));
        Assert.Equal(1, Value(text, "mlmax_schema_violations_total"));
        Assert.Equal(5, Value(text, "mlmax_http_request_duration_seconds_count{route=\"/invocations\"}"));
        Assert.Equal(5, Value(text, "mlmax_http_request_duration_seconds_bucket{route=\"/invocations\",le=\"+Inf\"}"));
        Assert.True(Value(text, "mlmax_http_request_duration_seconds_sum{route=\"/invocations\"}") > 0);
        Assert.Equal(1, Value(text, "mlmax_model_info{name=\"census\",version=\"1\",bundle=\"" + server.Server.Model.Version.BundleArtifact + "\"}"));
        Assert.Contains("# TYPE mlmax_http_request_duration_seconds histogram", text, StringComparison.Ordinal);

        var buckets = Regex.Matches(text, "^mlmax_http_request_duration_seconds_bucket\\{route=\"/invocations\",le=\"[^\"]+\"\\} (\\d+)$", RegexOptions.Multiline)
            .Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(buckets.Order(), buckets);
    }

    private static double Value(string exposition, string series)
    {
        var line = exposition.Split('\n').SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"no {series} in\n{exposition}");
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
