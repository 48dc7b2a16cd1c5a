using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Mlmax.Artifacts;
using Mlmax.Registry;

namespace Mlmax.Serving.Tests;

/// <summary>The request log: which served rows are kept, with what, and when they are written.</summary>
[Collection(CensusCollection.Name)]
public sealed class RequestLogTests(CensusProject project)
{
    private static ModelServerOptions Options(double rate, int flushRows = 1_000_000, TimeSpan? flushInterval = null, int capacity = 10_000, int? seed = null) => new()
    {
        Model = ModelReference.Parse("census:1"),
        Port = 0,
        RequestLog = new RequestLogOptions
        {
            SampleRate = rate,
            FlushRows = flushRows,
            FlushInterval = flushInterval ?? TimeSpan.FromDays(1),
            Capacity = capacity,
            Seed = seed,
        },
    };

    /// <summary>The sample rows as JSON records, each with an <c>id</c> field.</summary>
    private static string RecordsWithIds(Payloads payloads, string prefix)
    {
        var records = payloads.Records();
        for (var i = 0; i < records.Count; i++)
        {
            records[i]["id"] = $"{prefix}{i}";
        }

        return new JsonArray([.. records]).ToJsonString();
    }

    private static async Task<HttpResponseMessage> PostAsync(RunningServer server, string body, string contentType, string? requestId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (requestId is not null)
        {
            request.Headers.Add("X-Request-Id", requestId);
        }

        var response = await server.Http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return response;
    }

    [Fact]
    public async Task Invocations_RateZero_WritesNoSegmentAndKeepsNoBody()
    {
        await using var log = await RequestLogStore.CreateAsync();
        var server = await RunningServer.StartAsync(project, Options(0), log);
        var payloads = new Payloads(project, server.Server.Model);
        using (var response = await PostAsync(server, RecordsWithIds(payloads, "secret-marker-"), "application/json"))
        {
            Assert.False(string.IsNullOrEmpty(response.Headers.GetValues("X-Request-Id").Single()));
        }

        var metrics = await server.Http.GetStringAsync("/metrics");
        await server.DisposeAsync();

        Assert.Equal(0, log.Writes);
        Assert.Empty(await log.SegmentsAsync());
        Assert.False(log.AnyFileContains("secret-marker-"));
        Assert.DoesNotContain("secret-marker-", server.Logs.All, StringComparison.Ordinal);
        Assert.Contains("mlmax_request_log_rows_total 0\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invocations_RateOne_LogsEveryRowWithItsIdInputsAndPrediction()
    {
        await using var log = await RequestLogStore.CreateAsync();
        var server = await RunningServer.StartAsync(project, Options(1), log);
        var payloads = new Payloads(project, server.Server.Model);
        string answered;
        using (var response = await PostAsync(server, RecordsWithIds(payloads, "customer-"), "application/json", requestId: "client-request-1"))
        {
            Assert.Equal("client-request-1", response.Headers.GetValues("X-Request-Id").Single());
            answered = await response.Content.ReadAsStringAsync();
        }

        string generated;
        using (var response = await PostAsync(server, payloads.CsvWithoutHeader, "text/csv"))
        {
            generated = response.Headers.GetValues("X-Request-Id").Single();
        }

        await server.DisposeAsync();

        var rows = await log.RowsAsync();
        var count = project.Rows.Count;
        Assert.Equal(2 * count, rows.Count);
        Assert.Equal([.. Enumerable.Range(0, count).Select(i => $"customer-{i}"), .. Enumerable.Range(0, count).Select(i => $"{generated}:{i}")], rows.Select(r => r.RowId));
        Assert.All(rows.Take(count), r => Assert.Equal("client-request-1", r.RequestId));
        Assert.All(rows, r => Assert.Equal(("census", 1), (r.Model, r.Version)));
        Assert.Equal("customer-0", Input(rows[0], "id")); // the census model takes its id column as an (unread) input
        Assert.Equal(project.Rows[0][0], Input(rows[0], "age"));
        var predictions = Payloads.Parse(answered).GetProperty("predictions").EnumerateArray().ToList();
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(predictions[i].GetProperty("predicted_label").GetBoolean(), rows[i].Outputs["predicted_label"]);
            Assert.Equal(predictions[i].GetProperty("probability").GetDouble(), (double)rows[i].Outputs["probability"]!, 6);
            Assert.Equal(rows[i].Outputs["probability"], rows[count + i].Outputs["probability"]);
        }

        var segment = Assert.Single(await log.SegmentsAsync());
        Assert.Equal((2L * count, rows.Min(r => r.At), rows.Max(r => r.At)), (segment.Rows, segment.FirstAt, segment.LastAt));
    }

    [Fact]
    public async Task Invocations_RateHalfWithSeed_LogsAboutHalfOfTheRows()
    {
        await using var log = await RequestLogStore.CreateAsync();
        var server = await RunningServer.StartAsync(project, Options(0.5, seed: 7), log);
        var payloads = new Payloads(project, server.Server.Model);
        const int Requests = 60;
        for (var i = 0; i < Requests; i++)
        {
            using var response = await PostAsync(server, payloads.CsvWithoutHeader, "text/csv");
        }

        await server.DisposeAsync();

        var served = Requests * project.Rows.Count;
        var logged = (await log.RowsAsync()).Count;
        Assert.InRange(logged, (int)(served * 0.4), (int)(served * 0.6));
    }

    [Fact]
    public async Task Dispose_RowsWaitingForTheirInterval_FlushesThemAtShutdown()
    {
        await using var log = await RequestLogStore.CreateAsync();
        var server = await RunningServer.StartAsync(project, Options(1), log);
        var payloads = new Payloads(project, server.Server.Model);
        using (await PostAsync(server, payloads.CsvWithoutHeader, "text/csv"))
        {
        }

        Assert.Empty(await log.SegmentsAsync());
        await server.DisposeAsync();

        Assert.Equal(project.Rows.Count, Assert.Single(await log.SegmentsAsync()).Rows);
    }

    [Fact]
    public async Task Invocations_FlushRowsReached_WritesSegmentsWhileServing()
    {
        await using var log = await RequestLogStore.CreateAsync();
        await using var server = await RunningServer.StartAsync(project, Options(1, flushRows: project.Rows.Count), log);
        var payloads = new Payloads(project, server.Server.Model);
        for (var i = 0; i < 3; i++)
        {
            using var response = await PostAsync(server, payloads.CsvWithoutHeader, "text/csv");
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await log.SegmentsAsync()).Count < 3)
        {
            await Task.Delay(20, wait.Token);
        }

        Assert.All(await log.SegmentsAsync(), s => Assert.Equal(project.Rows.Count, s.Rows));
    }

    [Fact]
    public async Task Invocations_SinkFails_AnswersEveryRequestAndCountsTheFailure()
    {
        await using var log = await RequestLogStore.CreateAsync();
        log.BeforeWrite = () => throw new IOException("disk full");
        var server = await RunningServer.StartAsync(project, Options(1, flushRows: 1), log);
        var payloads = new Payloads(project, server.Server.Model);
        for (var i = 0; i < 3; i++)
        {
            using var response = await PostAsync(server, payloads.CsvWithoutHeader, "text/csv");
        }

        await server.DisposeAsync();

        Assert.Empty(await log.SegmentsAsync());
        Assert.Equal(3 * project.Rows.Count, log.Writes);
        Assert.Contains("could not write a request log segment", server.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invocations_QueueFullWhileSinkIsStuck_DropsAndCountsRowsWithoutWaiting()
    {
        await using var log = await RequestLogStore.CreateAsync();
        var stuck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        log.BeforeWrite = () => stuck.Task;
        var server = await RunningServer.StartAsync(project, Options(1, flushRows: 1, capacity: 2), log);
        var payloads = new Payloads(project, server.Server.Model);
        for (var i = 0; i < 4; i++)
        {
            using var response = await PostAsync(server, payloads.CsvWithoutHeader, "text/csv");
        }

        var metrics = await server.Http.GetStringAsync("/metrics");
        stuck.SetResult();
        await server.DisposeAsync();

        var dropped = Value(metrics, "mlmax_request_log_dropped_total");
        var queued = Value(metrics, "mlmax_request_log_rows_total");
        Assert.True(dropped > 0, metrics);
        Assert.Equal(4 * project.Rows.Count, dropped + queued);
        Assert.Equal(queued, (await log.RowsAsync()).Count);
    }

    [Fact]
    public async Task ReadAsync_SegmentBlobTampered_RefusesIt()
    {
        await using var log = await RequestLogStore.CreateAsync();
        var server = await RunningServer.StartAsync(project, Options(1), log);
        var payloads = new Payloads(project, server.Server.Model);
        using (await PostAsync(server, payloads.CsvWithoutHeader, "text/csv"))
        {
        }

        await server.DisposeAsync();
        var segment = Assert.Single(await log.SegmentsAsync());
        var file = Assert.Single((await log.Artifacts.ReadTreeAsync(segment.ArtifactId, CancellationToken.None)).Files);
        var blob = Path.Combine(log.Root, "artifacts", BlobKey.ForFile(file.Sha256));
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[^5] ^= 0xFF;
        await File.WriteAllBytesAsync(blob, bytes);

        await Assert.ThrowsAsync<ArtifactIntegrityException>(log.RowsAsync);
    }

    [Fact]
    public async Task StartAsync_RateAboveZeroWithoutSink_RefusesToStart()
    {
        var source = new Models.RegistryModelSource(project.Metadata, project.Artifacts, project.CacheDirectory, TimeProvider.System);
        await using var server = new ModelServer(Options(0.1), source, new CapturedLogs().Factory(), TimeProvider.System);

        var error = await Assert.ThrowsAsync<ServingConfigurationException>(() => server.StartAsync(CancellationToken.None));
        Assert.Contains("request log", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void Validate_SampleRateOutOfRange_NamesTheRange(double rate)
    {
        var error = Assert.Throws<ServingConfigurationException>(() => Options(rate).Validate());
        Assert.Contains("from 0 (off) to 1", error.Message, StringComparison.Ordinal);
    }

    private static string? Input(Mlmax.RequestLog.LoggedRow row, string column) =>
        row.Inputs.Single(p => string.Equals(p.Key, column, StringComparison.OrdinalIgnoreCase)).Value;

    private static long Value(string exposition, string series)
    {
        var line = exposition.Split('\n').Single(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return long.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
