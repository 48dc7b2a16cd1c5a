using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Mlmax.Serving.Tests;

[Collection(CensusCollection.Name)]
public sealed class InvocationShapeTests(CensusProject project)
{
    [Fact]
    public async Task Invocations_EveryCsvAndJsonShape_GiveIdenticalPredictions()
    {
        await using var server = await RunningServer.StartAsync(project);
        var payloads = new Payloads(project, server.Server.Model);
        var reference = await PredictAsync(server, payloads.CsvWithoutHeader, "text/csv");
        var predictions = reference.GetProperty("predictions");
        Assert.Equal(project.Rows.Count, predictions.GetArrayLength());
        foreach (var p in predictions.EnumerateArray())
        {
            Assert.True(p.GetProperty("predicted_label").ValueKind is JsonValueKind.True or JsonValueKind.False);
            Assert.InRange(p.GetProperty("probability").GetDouble(), 0, 1);
            Assert.Equal(JsonValueKind.Number, p.GetProperty("score").ValueKind);
        }

        var shapes = new (string Name, string Body, string ContentType)[]
        {
            ("csv with header (detected)", payloads.CsvWithHeader, "text/csv"),
            ("csv header=present", payloads.CsvWithHeader, "text/csv; header=present"),
            ("dataframe_split", payloads.DataframeSplit(), "application/json"),
            ("dataframe_records", payloads.Wrapped("dataframe_records"), "application/json"),
            ("instances", payloads.Wrapped("instances"), "application/json"),
            ("inputs (records)", payloads.Wrapped("inputs"), "application/json"),
            ("inputs (columns)", payloads.InputsColumnar(), "application/json"),
            ("bare array", payloads.BareArray(), "application/json; charset=utf-8"),
        };
        foreach (var (name, body, contentType) in shapes)
        {
            var answer = await PredictAsync(server, body, contentType);
            Assert.True(reference.GetRawText() == answer.GetRawText(), $"{name}: {answer.GetRawText()}\nexpected {reference.GetRawText()}");
        }

        var withQuery = await PredictAsync(server, payloads.CsvWithHeader, "text/csv", "/invocations?header=true");
        Assert.Equal(reference.GetRawText(), withQuery.GetRawText());
    }

    [Fact]
    public async Task Invocations_AcceptCsv_AnswersOneCsvLinePerRowWithTheSameValues()
    {
        await using var server = await RunningServer.StartAsync(project);
        var payloads = new Payloads(project, server.Server.Model);
        var json = (await PredictAsync(server, payloads.CsvWithoutHeader, "text/csv")).GetProperty("predictions").EnumerateArray().ToList();
        var columns = server.Server.Model.Outputs.Select(o => o.Name).ToList();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = new StringContent(payloads.Wrapped("instances"), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("text/csv; header=present");
        using var response = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal(string.Join(',', columns), lines[0]);
        Assert.Equal(json.Count, lines.Length - 1);
        for (var i = 0; i < json.Count; i++)
        {
            var fields = lines[i + 1].Split(',');
            for (var c = 0; c < columns.Count; c++)
            {
                var expected = json[i].GetProperty(columns[c]);
                if (expected.ValueKind == JsonValueKind.Number)
                {
                    Assert.Equal(expected.GetSingle(), float.Parse(fields[c], CultureInfo.InvariantCulture));
                }
                else
                {
                    Assert.Equal(expected.GetRawText(), fields[c]);
                }
            }
        }
    }

    private static async Task<JsonElement> PredictAsync(RunningServer server, string body, string contentType, string path = "/invocations")
    {
        using var response = await server.PostAsync(body, contentType, path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{contentType}: {(int)response.StatusCode} {text}");
        Assert.Equal("census:1", response.Headers.GetValues("X-Mlmax-Model").Single());
        return Payloads.Parse(text);
    }
}
