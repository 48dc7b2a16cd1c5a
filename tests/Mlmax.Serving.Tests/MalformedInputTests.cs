using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mlmax.Serving.Tests;

[Collection(CensusCollection.Name)]
public sealed class MalformedInputTests(CensusProject project)
{
    [Fact]
    public async Task Invocations_EachMalformedInputClass_AnswersItsStatusWithAProblemNamingTheField()
    {
        await using var server = await RunningServer.StartAsync(project);
        var payloads = new Payloads(project, server.Server.Model);
        var cases = new (string Name, string Body, string ContentType, HttpStatusCode Status, string Field, string Problem)[]
        {
            ("malformed JSON", "{\"instances\": [{\"age\": 3", "application/json", HttpStatusCode.BadRequest, "body", "malformed JSON"),
            ("not a shape", "42", "application/json", HttpStatusCode.BadRequest, "body", "expected a JSON object or array"),
            ("two shapes", "{\"instances\": [], \"inputs\": []}", "application/json", HttpStatusCode.BadRequest, "inputs", "send exactly one"),
            ("unsupported media type", payloads.CsvWithoutHeader, "text/plain", HttpStatusCode.UnsupportedMediaType, "Content-Type", "text/csv or application/json"),
            ("wrong type", payloads.OneRecordWith("age", JsonValue.Create("forty")), "application/json", HttpStatusCode.UnprocessableEntity, "Age", "expected a number"),
            ("object value", payloads.OneRecordWith("education", new JsonObject()), "application/json", HttpStatusCode.UnprocessableEntity, "Education", "got a JSON object"),
            ("missing column", payloads.OneRecordWithout("education"), "application/json", HttpStatusCode.UnprocessableEntity, "Education", "missing column"),
            ("unknown column", payloads.OneRecordWith("shoe size", JsonValue.Create(42)), "application/json", HttpStatusCode.UnprocessableEntity, "shoe size", "unknown column"),
            ("NaN", payloads.OneRecordWith("wage per hour", JsonValue.Create("NaN")), "application/json", HttpStatusCode.UnprocessableEntity, "WagePerHour", "must be finite"),
            ("infinity in CSV", string.Join(',', project.Header) + "\nInfinity" + payloads.CsvWithoutHeader[payloads.CsvWithoutHeader.IndexOf(',', StringComparison.Ordinal)..], "text/csv", HttpStatusCode.UnprocessableEntity, "Age", "must be finite"),
            ("empty batch", "{\"instances\": []}", "application/json", HttpStatusCode.UnprocessableEntity, "rows", "empty"),
            ("empty CSV", "\n", "text/csv", HttpStatusCode.UnprocessableEntity, "rows", "empty"),
            ("short CSV row", "39, Private\n", "text/csv", HttpStatusCode.UnprocessableEntity, "line 1", "2 fields"),
            ("uneven columns", "{\"inputs\": {\"age\": [1, 2], \"sex\": [\" Male\"]}}", "application/json", HttpStatusCode.UnprocessableEntity, "sex", "every column needs one value per row"),
            ("unclosed CSV quote", "\"39, Private\n", "text/csv; header=absent", HttpStatusCode.BadRequest, "body", "never closed"),
        };
        foreach (var (name, body, contentType, status, field, problem) in cases)
        {
            using var response = await server.PostAsync(body, contentType);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.StatusCode, $"{name}: expected {(int)status}, got {(int)response.StatusCode} {text}");
            AssertProblem(response, text, (int)status, field, problem, name);
        }
    }

    [Fact]
    public async Task Invocations_NoContentType_Answers415()
    {
        await using var server = await RunningServer.StartAsync(project);
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("39"));
        using var response = await server.Http.PostAsync("/invocations", content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        AssertProblem(response, await response.Content.ReadAsStringAsync(), 415, "Content-Type", "no Content-Type", "no content type");
    }

    [Fact]
    public async Task Invocations_ManyBadValues_ListsEachFieldAndRow()
    {
        await using var server = await RunningServer.StartAsync(project);
        var body = new JsonObject
        {
            ["instances"] = new JsonArray(new JsonObject { ["age"] = "x", ["capital gains"] = true }, new JsonObject { ["age"] = 40, ["capital gains"] = "y" }),
        }.ToJsonString();
        using var response = await server.PostAsync(body, "application/json");
        var problem = Payloads.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("field").GetString(), e.TryGetProperty("row", out var r) ? r.GetInt32() : -1)).ToList();
        Assert.Contains(("Education", -1), errors);
        Assert.DoesNotContain(errors, e => e.Item2 >= 0);

        var complete = new Payloads(project, server.Server.Model).Records();
        complete[0]["age"] = "x";
        complete[1]["capital gains"] = true;
        using var typed = await server.PostAsync(new JsonObject { ["instances"] = new JsonArray([.. complete]) }.ToJsonString(), "application/json");
        var typedProblem = Payloads.Parse(await typed.Content.ReadAsStringAsync());
        var typedErrors = typedProblem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("field").GetString(), e.GetProperty("row").GetInt32())).ToList();
        Assert.Equal([("Age", 0), ("CapitalGains", 1)], typedErrors);
    }

    [Fact]
    public async Task Invocations_DeclaredLengthOverLimit_Answers413BeforeReading()
    {
        await using var server = await RunningServer.StartAsync(project, new ModelServerOptions { Model = Registry.ModelReference.Parse("census:1"), Port = 0, MaxBodyBytes = 64 * 1024 });
        var payloads = new Payloads(project, server.Server.Model);
        var big = string.Concat(Enumerable.Repeat(payloads.CsvWithoutHeader, 200));
        Assert.True(Encoding.UTF8.GetByteCount(big) > 64 * 1024);
        using var response = await server.PostAsync(big, "text/csv");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        AssertProblem(response, await response.Content.ReadAsStringAsync(), 413, "body", "over 65536 bytes", "declared length");

        using var ok = await server.PostAsync(payloads.CsvWithoutHeader, "text/csv");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Invocations_ChunkedBodyOverLimit_Answers413WhileReading()
    {
        await using var server = await RunningServer.StartAsync(project, new ModelServerOptions { Model = Registry.ModelReference.Parse("census:1"), Port = 0, MaxBodyBytes = 64 * 1024 });
        var payloads = new Payloads(project, server.Server.Model);
        var big = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(payloads.CsvWithoutHeader, 200)));
        using var content = new StreamContent(new UnknownLengthStream(big));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        AssertProblem(response, await response.Content.ReadAsStringAsync(), 413, "body", "over 65536 bytes", "chunked");
    }

    internal static void AssertProblem(HttpResponseMessage response, string text, int status, string field, string problem, string because)
    {
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{because}: {response.Content.Headers.ContentType} {text}");
        var body = Payloads.Parse(text);
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("title").GetString()), because);
        var errors = body.GetProperty("errors").EnumerateArray().ToList();
        Assert.True(errors.Any(e => e.GetProperty("field").GetString() == field && e.GetProperty("problem").GetString()!.Contains(problem, StringComparison.Ordinal))
                    || (errors.Any(e => e.GetProperty("field").GetString() == field) && body.GetProperty("detail").GetString()!.Contains(problem, StringComparison.Ordinal)),
            $"{because}: expected field '{field}' with '{problem}' in {text}");
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
    }

    internal static void AssertProblemBody(string text, int status)
    {
        var body = Payloads.Parse(text);
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("title").GetString()));
    }

    /// <summary>A stream that hides its length, so HttpClient sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
