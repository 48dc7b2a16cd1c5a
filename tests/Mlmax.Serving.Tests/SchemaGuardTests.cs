using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Mlmax.Registry;
using Mlmax.Scoring.Schema;

namespace Mlmax.Serving.Tests;

/// <summary>The training/serving skew guard on <c>/invocations</c>: the census bundle's <c>schema</c> role, as <c>mlmax predict</c> applies it.</summary>
[Collection(CensusCollection.Name)]
public sealed class SchemaGuardTests(CensusProject project)
{
    private const string ViolationsHeader = "X-Mlmax-Schema-Violations";

    [Fact]
    public async Task Invocations_ViolationsUnderRefuse_Answer422NamingRowColumnAndValue()
    {
        await using var server = await RunningServer.StartAsync(project);
        Assert.NotNull(server.Server.Model.Guard);
        var payloads = new Payloads(project, server.Server.Model);

        using (var valid = await server.PostAsync(payloads.CsvWithoutHeader, "text/csv"))
        {
            Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
            Assert.Equal("0", valid.Headers.GetValues(ViolationsHeader).Single());
        }

        var records = payloads.Records();
        records[2]["class of worker"] = "Martian";
        using (var refused = await server.PostAsync(new JsonObject { ["instances"] = new JsonArray([.. records]) }.ToJsonString(), "application/json"))
        {
            var text = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.UnprocessableEntity, text);
            MalformedInputTests.AssertProblem(refused, text, 422, "class of worker", "unseen_category: 'Martian' is a category not seen in training", "unseen category");
            var body = Payloads.Parse(text);
            var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
            Assert.Equal(2, error.GetProperty("row").GetInt32());
            Assert.Equal("Martian", error.GetProperty("value").GetString());
            Assert.Contains("row 2, column 'class of worker': 'Martian'", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // Names match as the scorer matches them; the error names the schema's own column.
        var renamed = payloads.Records()[0];
        Assert.True(renamed.Remove("class of worker"));
        renamed["ClassOfWorker"] = " Martian ";
        using (var refused = await server.PostAsync(new JsonArray(renamed).ToJsonString(), "application/json"))
        {
            var text = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.UnprocessableEntity, text);
            MalformedInputTests.AssertProblem(refused, text, 422, "class of worker", "'Martian'", "renamed column");
        }

        // A number column's text is the input validator's refusal (422), still naming the field.
        using (var forty = await server.PostAsync(payloads.OneRecordWith("age", JsonValue.Create("forty")), "application/json"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, forty.StatusCode);
            MalformedInputTests.AssertProblem(forty, await forty.Content.ReadAsStringAsync(), 422, "Age", "expected a number, got \"forty\"", "not a number");
        }

        var metrics = await MetricsAsync(server);
        Assert.Equal(3, Value(metrics, "mlmax_schema_violations_total"));
        Assert.Equal(2, Value(metrics, "mlmax_schema_guard_violations_total{column=\"class of worker\",problem=\"unseen_category\"}"));
        Assert.Equal(project.Rows.Count, Value(metrics, "mlmax_predictions_total"));
    }

    [Fact]
    public async Task Invocations_ViolationsUnderReport_ScoreEveryRowAndCountThem()
    {
        var options = new ModelServerOptions { Model = ModelReference.Parse("census:1"), Port = 0, OnViolation = ViolationPolicy.Report };
        await using var server = await RunningServer.StartAsync(project, options);
        var records = new Payloads(project, server.Server.Model).Records();
        records[1]["class of worker"] = "Martian";
        records[3]["sex"] = "Robot";
        using var response = await server.PostAsync(new JsonObject { ["instances"] = new JsonArray([.. records]) }.ToJsonString(), "application/json");
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal(project.Rows.Count, Payloads.Parse(text).GetProperty("predictions").GetArrayLength());
        Assert.Equal("2", response.Headers.GetValues(ViolationsHeader).Single());
        Assert.Equal("census:1", response.Headers.GetValues("X-Mlmax-Model").Single());
        var metrics = await MetricsAsync(server);
        Assert.Equal(1, Value(metrics, "mlmax_schema_guard_violations_total{column=\"class of worker\",problem=\"unseen_category\"}"));
        Assert.Equal(1, Value(metrics, "mlmax_schema_guard_violations_total{column=\"sex\",problem=\"unseen_category\"}"));
        Assert.Equal(0, Value(metrics, "mlmax_schema_violations_total"));
        Assert.Equal(project.Rows.Count, Value(metrics, "mlmax_predictions_total"));
        Assert.Contains(server.Logs.Entries, e => e.Level == LogLevel.Warning && e.Text.Contains("2 training-schema violation(s)", StringComparison.Ordinal)
                                                   && e.Text.Contains("row 1, column 'class of worker': 'Martian'", StringComparison.Ordinal));
        var check = (await server.GetJsonAsync("/version")).GetProperty("schema_check");
        Assert.Equal("report", check.GetProperty("policy").GetString());
    }

    [Fact]
    public void Validate_UndefinedPolicy_Throws()
    {
        var options = new ModelServerOptions { Model = ModelReference.Parse("census:1"), OnViolation = (ViolationPolicy)7 };
        var error = Assert.Throws<ServingConfigurationException>(options.Validate);
        Assert.Contains("refuse or report", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_UnknownOnViolation_FailsNamingTheValue()
    {
        var result = await project.RunAsync("serve", "census:1", "--port", "0", "--on-violation", "ignore");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--on-violation: 'ignore' is not a policy; use refuse or report", result.All, StringComparison.Ordinal);
    }

    private static async Task<string> MetricsAsync(RunningServer server)
    {
        using var response = await server.Http.GetAsync("/metrics");
        return await response.Content.ReadAsStringAsync();
    }

    private static double Value(string exposition, string series)
    {
        var line = exposition.Split('\n').SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"no {series} in\n{exposition}");
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
