using System.Globalization;
using Microsoft.Data.Sqlite;
using Mlmax.Artifacts;
using Mlmax.Monitoring.Drift;
using Mlmax.Monitoring.Profiles;
using Mlmax.Monitoring.Requests;
using Mlmax.Monitoring.Tests.Synthetic;
using Mlmax.RequestLog;
using Mlmax.Stores.Local;
using Mlmax.Stores.Sqlite;

namespace Mlmax.Monitoring.Tests.Requests;

/// <summary>A window of synthetic served rows, written to a real request log and read back: the same drift reports as the same rows as a batch.</summary>
public sealed class RequestWindowTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private SqliteMetadataStore _metadata = null!;
    private RequestLogArchive _archive = null!;

    public async Task InitializeAsync()
    {
        _metadata = new SqliteMetadataStore(_folder.PathOf("mlmax.db"));
        await _metadata.MigrateAsync(CancellationToken.None);
        _archive = new RequestLogArchive(new ArtifactStore(new LocalBlobStore(_folder.PathOf("artifacts"))), _metadata, _folder.PathOf("scratch"), TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        await _metadata.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    /// <summary>Logs rows as served one request of 50 rows at a time, a minute apart from <paramref name="start"/>, in segments of 500 rows.</summary>
    private async Task LogAsync(List<string?[]> rows, List<string?[]> predictions, DateTimeOffset start, int version = 1)
    {
        var logged = rows.Select((row, i) => new LoggedRow(
            $"req-{start:HHmm}-{i / 50}",
            row[0]!,
            start.AddMinutes(i / 50),
            "census",
            version,
            SyntheticData.Header.Select((name, c) => KeyValuePair.Create(name, row[c])).ToDictionary(StringComparer.Ordinal),
            new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["predicted_label"] = predictions[i][1] == "true",
                ["score"] = double.Parse(predictions[i][2]!, CultureInfo.InvariantCulture),
                ["probability"] = double.Parse(predictions[i][3]!, CultureInfo.InvariantCulture),
            })).ToList();
        foreach (var segment in logged.Chunk(500))
        {
            await _archive.WriteAsync(segment, CancellationToken.None);
        }
    }

    [Fact]
    public async Task ProfileAsync_WindowWithKnownDrift_FlagsExactlyThoseFeaturesAsABatchWould()
    {
        var (trainRows, trainPredictions) = SyntheticData.Generate(5000, 21);
        var baseline = BaselineFactory.Features(trainRows);
        var predictionBaseline = BaselineFactory.Predictions(trainPredictions);
        var (oldRows, oldPredictions) = SyntheticData.Generate(2000, 22);
        var (rows, predictions) = SyntheticData.Generate(2000, 23, new SyntheticDrift { NewColorShare = 0.1, IncomeMissingShare = 0.2 });
        var (otherRows, otherPredictions) = SyntheticData.Generate(1000, 24, new SyntheticDrift { AgeShift = 1 });
        await LogAsync(oldRows, oldPredictions, Now.AddDays(-3));
        await LogAsync(rows, predictions, Now.AddHours(-10));
        await LogAsync(otherRows, otherPredictions, Now.AddHours(-5), version: 2);

        var window = _archive.ReadWindowAsync("census", 1, Now.AddHours(-24), Now, CancellationToken.None);
        var profile = await RequestWindowProfiler.ProfileAsync(window, baseline, predictionBaseline, "census:1 requests", CancellationToken.None);
        var input = DriftAnalyzer.Analyze(baseline, profile.Input, DriftThresholds.Default);
        var scores = DriftAnalyzer.Analyze(predictionBaseline, profile.Predictions!, DriftThresholds.Default);

        Assert.Equal((2000L, 40L), (profile.Rows, profile.Requests));
        Assert.Equal((Now.AddHours(-10), Now.AddHours(-10).AddMinutes(39)), (profile.FirstAt!.Value, profile.LastAt!.Value));
        Assert.Equal(["color", "income"], input.Drifted.Order(StringComparer.Ordinal));
        Assert.Empty(scores.Drifted);

        var batch = SyntheticData.WriteCsv(_folder.PathOf("batch.csv"), SyntheticData.Header, rows);
        var asBatch = DriftAnalyzer.Analyze(baseline, await BatchProfiler.ProfileAsync(batch, baseline), DriftThresholds.Default);
        Assert.Equal(asBatch.Features.Select(f => (f.Name, f.Measures.Psi, f.Measures.JsDistance, f.Quality.MissingRate, f.Quality.UnseenShare)),
            input.Features.Select(f => (f.Name, f.Measures.Psi, f.Measures.JsDistance, f.Quality.MissingRate, f.Quality.UnseenShare)));
        Assert.Equal(asBatch.Schema!.Violations, input.Schema!.Violations);
    }

    [Fact]
    public async Task ProfileAsync_WindowWithoutDrift_FlagsNothing()
    {
        var (trainRows, trainPredictions) = SyntheticData.Generate(5000, 31);
        var (rows, predictions) = SyntheticData.Generate(2000, 32);
        await LogAsync(rows, predictions, Now.AddHours(-1));
        var baseline = BaselineFactory.Features(trainRows);
        var predictionBaseline = BaselineFactory.Predictions(trainPredictions);

        var profile = await RequestWindowProfiler.ProfileAsync(
            _archive.ReadWindowAsync("census", null, Now.AddHours(-2), null, CancellationToken.None), baseline, predictionBaseline, "requests", CancellationToken.None);

        Assert.Empty(DriftAnalyzer.Analyze(baseline, profile.Input, DriftThresholds.Default).Drifted);
        Assert.Empty(DriftAnalyzer.Analyze(predictionBaseline, profile.Predictions!, DriftThresholds.Default).Drifted);
    }

    [Fact]
    public async Task ProfileAsync_RequestsWithoutAColumn_CountItMissing()
    {
        var (trainRows, _) = SyntheticData.Generate(1000, 41);
        var baseline = BaselineFactory.Features(trainRows);
        var rows = Enumerable.Range(0, 10).Select(i => new LoggedRow("r", $"r:{i}", Now, "census", 1,
            new Dictionary<string, string?> { ["Age"] = "40", ["color"] = "red" }, new Dictionary<string, object?>())).ToAsyncEnumerable();

        var profile = await RequestWindowProfiler.ProfileAsync(rows, baseline, null, "requests", CancellationToken.None);

        Assert.Equal(0, profile.Input.Numeric.Single(n => n.Name == "age").Missing);
        Assert.Equal(10, profile.Input.Numeric.Single(n => n.Name == "income").Missing);
        Assert.Null(profile.Predictions);
    }
}
