using System.Net;

namespace Mlmax.Serving.Tests;

[Collection(CensusCollection.Name)]
public sealed class InfoEndpointTests(CensusProject project)
{
    [Fact]
    public async Task Ping_Running_Answers200()
    {
        await using var server = await RunningServer.StartAsync(project);
        using var response = await server.Http.GetAsync("/ping");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HealthAndVersion_PinnedVersion_NameTheLoadedVersionBundleAndAliases()
    {
        await using var server = await RunningServer.StartAsync(project, "census:1");
        var health = await server.GetJsonAsync("/health");
        Assert.True(health.GetProperty("model_loaded").GetBoolean());
        Assert.Equal(1, health.GetProperty("version").GetInt32());

        var version = await server.GetJsonAsync("/version");
        var registered = await project.Metadata.ResolveAsync(Registry.ModelReference.Parse("census:1"), CancellationToken.None);
        Assert.Equal("census", version.GetProperty("name").GetString());
        Assert.Equal(1, version.GetProperty("version").GetInt32());
        Assert.Equal(registered!.BundleArtifact, version.GetProperty("bundle").GetString());
        Assert.StartsWith("sha256:", version.GetProperty("bundle").GetString(), StringComparison.Ordinal);
        Assert.Contains("production", version.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["predicted_label", "probability", "score"], version.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()).Order());
        var csvColumns = version.GetProperty("csv_columns").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Equal(project.Header.Length, csvColumns.Count);
        Assert.Equal("Age", csvColumns[0]);
    }

    [Fact]
    public async Task OpenApi_Census_DescribesInputColumnsOutputsAndInvocations()
    {
        await using var server = await RunningServer.StartAsync(project);
        var document = await server.GetJsonAsync("/openapi.json");
        Assert.Equal("3.0.3", document.GetProperty("openapi").GetString());
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var record = schemas.GetProperty("Record").GetProperty("properties");
        Assert.Equal("number", record.GetProperty("Age").GetProperty("type").GetString());
        Assert.Equal("string", record.GetProperty("Education").GetProperty("type").GetString());
        Assert.Contains("Age", schemas.GetProperty("Record").GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.DoesNotContain("Label", schemas.GetProperty("Record").GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("boolean", schemas.GetProperty("Prediction").GetProperty("properties").GetProperty("predicted_label").GetProperty("type").GetString());
        Assert.Equal("number", schemas.GetProperty("Prediction").GetProperty("properties").GetProperty("probability").GetProperty("type").GetString());
        var invoke = document.GetProperty("paths").GetProperty("/invocations").GetProperty("post");
        Assert.True(invoke.GetProperty("requestBody").GetProperty("content").TryGetProperty("text/csv", out _));
        Assert.True(invoke.GetProperty("responses").TryGetProperty("422", out _));
    }
}
