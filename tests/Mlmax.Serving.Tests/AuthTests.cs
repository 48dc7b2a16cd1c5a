using System.Net;
using System.Net.Http.Headers;
using Mlmax.Registry;

namespace Mlmax.Serving.Tests;

[Collection(CensusCollection.Name)]
public sealed class AuthTests(CensusProject project)
{
    private const string Secret = "s3cret-token-for-tests-7f1c";

    [Fact]
    public async Task StartAsync_NonLoopbackWithoutToken_RefusesToStart()
    {
        var options = new ModelServerOptions { Model = ModelReference.Parse("census:1"), Host = "0.0.0.0", Port = 0 };
        var error = await Assert.ThrowsAsync<ServingConfigurationException>(() => RunningServer.StartAsync(project, options));
        Assert.Contains("0.0.0.0", error.Message, StringComparison.Ordinal);
        Assert.Contains("token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Routes_NonLoopbackWithToken_RequireTheBearerTokenExceptHealthChecks()
    {
        var options = new ModelServerOptions { Model = ModelReference.Parse("census:1"), Host = "0.0.0.0", Port = 0, Token = new BearerToken(Secret) };
        Assert.DoesNotContain(Secret, options.ToString(), StringComparison.Ordinal);
        await using var server = await RunningServer.StartAsync(project, options);
        var csv = new Payloads(project, server.Server.Model).CsvWithoutHeader;

        foreach (var open in new[] { "/ping", "/health" })
        {
            using var response = await server.Http.GetAsync(open);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        foreach (var path in new[] { "/version", "/metrics", "/openapi.json", "/no-such-route" })
        {
            using var response = await server.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        using (var anonymous = await server.PostAsync(csv, "text/csv"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            MalformedInputTests.AssertProblemBody(await anonymous.Content.ReadAsStringAsync(), 401);
        }

        foreach (var wrong in new[] { Secret + "x", Secret[..^1], "", "Basic " + Secret })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/version");
            request.Headers.TryAddWithoutValidation("Authorization", wrong.StartsWith("Basic", StringComparison.Ordinal) ? wrong : "Bearer " + wrong);
            using var response = await server.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        server.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
        using (var version = await server.Http.GetAsync("/version"))
        {
            Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        }

        using (var scored = await server.PostAsync(csv, "text/csv"))
        {
            Assert.Equal(HttpStatusCode.OK, scored.StatusCode);
        }

        Assert.DoesNotContain(Secret, server.Logs.All, StringComparison.Ordinal);
        Assert.Contains("bearer token required", server.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_CliOnNonLoopbackWithoutToken_ExitsWith2AndSaysWhy()
    {
        var result = await project.RunAsync("serve", "census:1", "--host", "0.0.0.0", "--port", "0");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("token", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("0.0.0.0", result.Stderr, StringComparison.Ordinal);
    }
}
