using Mlmax.Metadata;
using Mlmax.Registry;

namespace Mlmax.Stores.Tests;

/// <summary>The monitoring-check part of the <see cref="IMetadataStore"/> contract.</summary>
public abstract partial class MetadataStoreConformanceTests
{
    [Fact]
    public async Task SaveMonitorCheckAsync_RunSource_RoundTripsEveryFieldAndRecordsReportArtifact()
    {
        await RegisterCensusAsync();
        var check = Check("chk-1", T0, MonitorSource.ForRun("infer-1", "predict")) with
        {
            Drifted = true,
            DriftedFeatures = ["age", "prediction score"],
            WorstPsi = 0.42,
        };

        await Store.SaveMonitorCheckAsync(check, new ArtifactRecord(check.ReportArtifact, 123, 1, T0), CancellationToken.None);

        var read = await Store.GetMonitorCheckAsync("chk-1", CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal(check with { DriftedFeatures = read.DriftedFeatures }, read);
        Assert.Equal(["age", "prediction score"], read.DriftedFeatures);
        var artifact = Assert.Single(await Store.FindArtifactsAsync(check.ReportArtifact, CancellationToken.None));
        Assert.Equal(123, artifact.Size);
    }

    [Fact]
    public async Task SaveMonitorCheckAsync_WindowSourceWithMetrics_RoundTrips()
    {
        await RegisterCensusAsync();
        var source = new MonitorSource
        {
            Kind = MonitorSource.LabelsKind,
            WindowStart = T0.AddDays(-1),
            WindowEnd = T0,
            Metrics = new Dictionary<string, double> { ["accuracy"] = 0.81, ["auc"] = 0.875 },
        };
        var check = Check("chk-w", T0, source);

        await Store.SaveMonitorCheckAsync(check, new ArtifactRecord(check.ReportArtifact, 1, 1, T0), CancellationToken.None);

        var read = await Store.GetMonitorCheckAsync("chk-w", CancellationToken.None);
        Assert.NotNull(read);
        Assert.Null(read.Source.RunId);
        Assert.Equal(T0.AddDays(-1), read.Source.WindowStart);
        Assert.Equal(T0, read.Source.WindowEnd);
        Assert.Equal(0.875, read.Source.Metrics!["auc"]);
        Assert.Null(read.WorstPsi);
        Assert.False(read.Drifted);
    }

    [Fact]
    public async Task ListMonitorChecksAsync_Since_OldestFirstOnlyThatModelAndLater()
    {
        await RegisterCensusAsync();
        await RegisterCensusAsync("other");
        foreach (var (id, at, model) in new[] { ("chk-3", T0.AddHours(3), "census"), ("chk-1", T0.AddHours(1), "census"), ("chk-2", T0.AddHours(2), "census"), ("chk-x", T0.AddHours(2), "other") })
        {
            var check = Check(id, at, MonitorSource.ForRun("r-" + id, "predict")) with { Model = model };
            await Store.SaveMonitorCheckAsync(check, new ArtifactRecord(check.ReportArtifact, 1, 1, T0), CancellationToken.None);
        }

        var all = await Store.ListMonitorChecksAsync("census", null, CancellationToken.None);
        var since = await Store.ListMonitorChecksAsync("census", T0.AddHours(2), CancellationToken.None);

        Assert.Equal(["chk-1", "chk-2", "chk-3"], all.Select(c => c.Id));
        Assert.Equal(["chk-2", "chk-3"], since.Select(c => c.Id));
    }

    [Fact]
    public async Task ListMonitorChecksOfRunAsync_TwoRuns_OnlyThatRunsChecks()
    {
        await RegisterCensusAsync();
        foreach (var (id, run) in new[] { ("chk-a", "infer-1"), ("chk-b", "infer-2"), ("chk-c", "infer-1") })
        {
            var check = Check(id, T0.AddMinutes(id[^1]), MonitorSource.ForRun(run, "predict"));
            await Store.SaveMonitorCheckAsync(check, new ArtifactRecord(check.ReportArtifact, 1, 1, T0), CancellationToken.None);
        }

        var checks = await Store.ListMonitorChecksOfRunAsync("infer-1", CancellationToken.None);

        Assert.Equal(["chk-a", "chk-c"], checks.Select(c => c.Id));
    }

    [Fact]
    public async Task GetMonitorCheckAsync_UnknownId_ReturnsNull()
    {
        Assert.Null(await Store.GetMonitorCheckAsync("chk-none", CancellationToken.None));
    }

    private static MonitorCheckRecord Check(string id, DateTimeOffset at, MonitorSource source) => new()
    {
        Id = id,
        Model = "census",
        Version = 1,
        Source = source,
        CheckedAt = at,
        Drifted = false,
        ThresholdsJson = """{"psi":0.2}""",
        ReportArtifact = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id))),
    };

    private async Task RegisterCensusAsync(string name = "census")
    {
        var runId = "train-" + name;
        await Store.CreateRunAsync(Run(runId), CancellationToken.None);
        var bundle = ArtifactId(name[0]);
        await Store.SaveArtifactAsync(new ArtifactRecord(bundle, 1, 1, T0), CancellationToken.None);
        await ((IModelRegistry)Store).RegisterAsync(
            new ModelVersionRecord { Name = name, Version = 0, BundleArtifact = bundle, Components = new Dictionary<string, string>(), RunId = runId, CreatedAt = T0 },
            "test", null, CancellationToken.None);
    }
}
