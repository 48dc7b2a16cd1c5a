using System.Collections.Concurrent;
using System.Net;
using Mlmax.Registry;
using Mlmax.Serving.Models;

namespace Mlmax.Serving.Tests;

[Collection(CensusCollection.Name)]
public sealed class HotSwapTests(CensusProject project)
{
    private static readonly ModelReference Production = ModelReference.Parse("census@production");

    [Fact]
    public async Task Alias_PromotedAndRolledBackUnderLoad_SwapsWithoutAFailedRequest()
    {
        var options = new ModelServerOptions { Model = Production, Port = 0, PollInterval = TimeSpan.FromMilliseconds(100) };
        await using var server = await RunningServer.StartAsync(project, options);
        Assert.Equal(1, server.Server.Model.Version.Version);
        var firstGuard = server.Server.Model.Guard;
        Assert.NotNull(firstGuard);
        var csv = new Payloads(project, server.Server.Model).CsvWithoutHeader;
        var failures = new ConcurrentQueue<string>();
        var scoredBy = new ConcurrentDictionary<string, int>();
        long succeeded = 0;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await server.PostAsync(csv, "text/csv");
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Enqueue($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        continue;
                    }

                    var predictions = Payloads.Parse(await response.Content.ReadAsStringAsync()).GetProperty("predictions");
                    if (predictions.GetArrayLength() != project.Rows.Count)
                    {
                        failures.Enqueue($"{predictions.GetArrayLength()} predictions");
                    }

                    scoredBy.AddOrUpdate(response.Headers.GetValues("X-Mlmax-Model").Single(), 1, (_, n) => n + 1);
                    Interlocked.Increment(ref succeeded);
                }
                catch (HttpRequestException e)
                {
                    failures.Enqueue(e.Message);
                }
            }
        })).ToList();

        try
        {
            await Task.Delay(300);
            await project.MustAsync("models", "promote", "census:2", "--to", "production", "--force", "--why", "hot swap test");
            await WaitForVersionAsync(server, 2);
            Assert.NotNull(server.Server.Model.Guard);
            Assert.NotSame(firstGuard, server.Server.Model.Guard); // the guard is swapped with the model
            await Task.Delay(300);
            await project.MustAsync("models", "rollback", "census@production", "--why", "hot swap test");
            await WaitForVersionAsync(server, 1);
            await Task.Delay(300);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(workers);
            await EnsureProductionIsVersion1Async();
        }

        Assert.True(failures.IsEmpty, $"{failures.Count} failed requests, e.g. {failures.FirstOrDefault()}");
        Assert.True(succeeded > 20, $"only {succeeded} requests");
        Assert.True(scoredBy.ContainsKey("census:1") && scoredBy.ContainsKey("census:2"), string.Join(", ", scoredBy));
        var version = await server.GetJsonAsync("/version");
        Assert.Equal(1, version.GetProperty("version").GetInt32());
        Assert.Contains("production", version.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("swapped census:1 for census:2", server.Logs.All, StringComparison.Ordinal);
        Assert.Contains("swapped census:2 for census:1", server.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alias_MovedToAVersionThatFailsToLoad_KeepsServingTheOldOneAndLogsTheError()
    {
        var registry = new RegistryModelSource(project.Metadata, project.Artifacts, project.CacheDirectory, TimeProvider.System);
        var options = new ModelServerOptions { Model = Production, Port = 0, PollInterval = TimeSpan.FromMilliseconds(100) };
        await using var server = await RunningServer.StartAsync(project, options, new FailingLoads(registry, failVersion: 2));
        var promoter = new ModelPromoter(project.Metadata, TimeProvider.System);
        try
        {
            var candidate = await project.Metadata.ResolveAsync(ModelReference.Parse("census:2"), CancellationToken.None);
            Assert.True((await promoter.PromoteAsync(candidate!, "production", [], "test", "failing load test", force: true, CancellationToken.None)).Moved);
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (!server.Logs.All.Contains("could not load census:2", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.Contains("could not load census:2; still serving census:1", server.Logs.All, StringComparison.Ordinal);
            Assert.Contains("bundle blob corrupted (test)", server.Logs.All, StringComparison.Ordinal);
            Assert.Equal(1, (await server.GetJsonAsync("/version")).GetProperty("version").GetInt32());
            using var scored = await server.PostAsync(new Payloads(project, server.Server.Model).CsvWithoutHeader, "text/csv");
            Assert.Equal(HttpStatusCode.OK, scored.StatusCode);
            Assert.Equal("census:1", scored.Headers.GetValues("X-Mlmax-Model").Single());
        }
        finally
        {
            await promoter.RollbackAsync("census", "production", "test", "failing load test", CancellationToken.None);
            await EnsureProductionIsVersion1Async();
        }
    }

    private static async Task WaitForVersionAsync(RunningServer server, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if ((await server.GetJsonAsync("/version")).GetProperty("version").GetInt32() == expected)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"/version never showed version {expected}; logs:\n{server.Logs.All}");
    }

    private async Task EnsureProductionIsVersion1Async()
    {
        var holder = await project.Metadata.ResolveAsync(Production, CancellationToken.None);
        if (holder?.Version != 1)
        {
            var first = await project.Metadata.ResolveAsync(ModelReference.Parse("census:1"), CancellationToken.None);
            await new ModelPromoter(project.Metadata, TimeProvider.System).PromoteAsync(first!, "production", [], "test", "restore", force: true, CancellationToken.None);
        }
    }

    /// <summary>The real registry, except that one version's bundle "fails verification".</summary>
    private sealed class FailingLoads(IModelSource inner, int failVersion) : IModelSource
    {
        public Task<ModelVersionRecord?> ResolveAsync(ModelReference reference, CancellationToken cancellationToken) => inner.ResolveAsync(reference, cancellationToken);

        public Task<ServedModel> LoadAsync(ModelVersionRecord version, CancellationToken cancellationToken) =>
            version.Version == failVersion
                ? throw new Artifacts.ArtifactIntegrityException("bundle blob corrupted (test)")
                : inner.LoadAsync(version, cancellationToken);
    }
}
