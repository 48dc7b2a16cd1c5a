using Mlmax.Metadata;

namespace Mlmax.Stores.Tests;

/// <summary>
/// The contract every <see cref="IMetadataStore"/> backend keeps. A backend runs it by subclassing and implementing
/// <see cref="CreateStore"/> (an empty database per test) and, if needed, <see cref="CleanupAsync"/>.
/// </summary>
public abstract partial class MetadataStoreConformanceTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private IMetadataStore? _store;

    /// <summary>The migrated store under test.</summary>
    protected IMetadataStore Store => _store ?? throw new InvalidOperationException("not initialized");

    /// <summary>Creates a store on an empty database.</summary>
    /// <returns>The store, not yet migrated.</returns>
    protected abstract IMetadataStore CreateStore();

    /// <summary>Removes the test's database after the store is disposed.</summary>
    /// <returns>A task.</returns>
    protected virtual Task CleanupAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _store = CreateStore();
        await _store.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        await CleanupAsync();
    }

    protected static string ArtifactId(char c) => "sha256:" + new string(c, 64);

    protected static RunRecord Run(string id, string pipeline = "training", DateTimeOffset? started = null, RunStatus status = RunStatus.Running) => new()
    {
        Id = id,
        Pipeline = pipeline,
        DefinitionVersion = "v-" + pipeline,
        DefinitionJson = $$"""{"name":"{{pipeline}}"}""",
        Status = status,
        ParametersJson = """{"seed":42}""",
        InputsJson = "{}",
        EnvironmentJson = """{"os":"test"}""",
        StartedAt = started ?? T0,
        Owner = "host:1",
    };

    protected static StepRunRecord StepRun(
        string runId,
        string step,
        RunStatus status = RunStatus.Succeeded,
        string? cacheKey = null,
        DateTimeOffset? ended = null,
        IReadOnlyDictionary<string, string>? inputs = null,
        IReadOnlyDictionary<string, string>? outputs = null) => new()
    {
        RunId = runId,
        Step = step,
        Status = status,
        Attempts = 1,
        StartedAt = (ended ?? T0) - TimeSpan.FromSeconds(5),
        EndedAt = ended ?? T0,
        CacheKey = cacheKey,
        Inputs = inputs ?? new Dictionary<string, string>(),
        Outputs = outputs ?? new Dictionary<string, string>(),
    };

    protected static IReadOnlyList<ArtifactRecord> Artifacts(params string[] ids) =>
        ids.Select(id => new ArtifactRecord(id, 10, 1, T0)).ToList();

    [Fact]
    public async Task MigrateAsync_Twice_IsIdempotentAndKeepsData()
    {
        await Store.CreateRunAsync(Run("r1"), CancellationToken.None);

        await Store.MigrateAsync(CancellationToken.None);
        await Store.MigrateAsync(CancellationToken.None);

        Assert.NotNull(await Store.GetRunAsync("r1", CancellationToken.None));
        await Store.CreateRunAsync(Run("r2"), CancellationToken.None);
        Assert.Equal(2, (await Store.ListRunsAsync(null, 10, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task CreateRunAsync_WithTrigger_RoundTripsAndIsFoundByItsKey()
    {
        var trigger = RunTrigger.ForSchedule("nightly", T0);
        await Store.CreateRunAsync(Run("r1") with { Trigger = trigger }, CancellationToken.None);
        await Store.CreateRunAsync(Run("r2"), CancellationToken.None);

        var found = await Store.FindRunByTriggerAsync("schedule:nightly@2026-03-01T12:00:00Z", CancellationToken.None);
        var listed = await Store.ListRunsAsync(null, 10, CancellationToken.None);

        Assert.Equal("r1", found!.Id);
        Assert.Equal(trigger, found.Trigger);
        Assert.Equal(trigger, listed.Single(r => r.Id == "r1").Trigger);
        Assert.Null(listed.Single(r => r.Id == "r2").Trigger);
        Assert.Null(await Store.FindRunByTriggerAsync("schedule:nightly@2026-03-02T12:00:00Z", CancellationToken.None));
    }

    [Fact]
    public async Task CreateRunAsync_SameTriggerTwice_SecondRefusedAndNotRecorded()
    {
        await Store.CreateRunAsync(Run("r1") with { Trigger = RunTrigger.ForSchedule("nightly", T0) }, CancellationToken.None);

        var e = await Assert.ThrowsAsync<DuplicateRunTriggerException>(() =>
            Store.CreateRunAsync(Run("r2") with { Trigger = RunTrigger.ForSchedule("nightly", T0) }, CancellationToken.None));

        Assert.Contains("schedule nightly, slot 2026-03-01 12:00:00Z", e.Message, StringComparison.Ordinal);
        Assert.Null(await Store.GetRunAsync("r2", CancellationToken.None));
        await Store.CreateRunAsync(Run("r3") with { Trigger = RunTrigger.ForSchedule("nightly", T0.AddDays(1)) }, CancellationToken.None);
    }

    [Fact]
    public async Task CreateRunAsync_DataTriggers_OnePerFileAndBatchesKeyedByHash()
    {
        var file = RunTrigger.ForData("census.new_data", "a.csv (8 B, modified 2026-03-01T12:00:00.0000000Z)");
        var batch = RunTrigger.ForData("census.drops", string.Join(", ", Enumerable.Range(0, 40).Select(i => $"f{i}.csv (8 B, modified 2026-03-01T12:00:00.0000000Z)")));
        await Store.CreateRunAsync(Run("r1") with { Trigger = file }, CancellationToken.None);
        await Store.CreateRunAsync(Run("r2") with { Trigger = batch }, CancellationToken.None);

        await Assert.ThrowsAsync<DuplicateRunTriggerException>(() => Store.CreateRunAsync(Run("r3") with { Trigger = file }, CancellationToken.None));
        await Assert.ThrowsAsync<DuplicateRunTriggerException>(() => Store.CreateRunAsync(Run("r4") with { Trigger = batch with { } }, CancellationToken.None));

        Assert.Equal("data:census.new_data:a.csv (8 B, modified 2026-03-01T12:00:00.0000000Z)", file.Key);
        Assert.Matches("^data:census.drops:sha256:[0-9a-f]{64}$", batch.Key);
        Assert.Equal(batch.Detail, (await Store.FindRunByTriggerAsync(batch.Key, CancellationToken.None))!.Trigger!.Detail);
        Assert.Equal("r1", (await Store.FindRunByTriggerAsync(file.Key, CancellationToken.None))!.Id);
    }

    [Fact]
    public async Task GetSchemaVersionAsync_AfterMigrate_IsTheLatest()
    {
        Assert.True(Store.LatestSchemaVersion >= 3);
        Assert.Equal(Store.LatestSchemaVersion, await Store.GetSchemaVersionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CreateRunAsync_ThenGetRunAsync_RoundTripsEveryField()
    {
        var run = Run("20260301-120000-abcd") with
        {
            StartedAt = new DateTimeOffset(2026, 3, 1, 14, 0, 0, 123, TimeSpan.FromHours(2)),
            EndedAt = new DateTimeOffset(2026, 3, 1, 12, 5, 0, TimeSpan.Zero),
            Status = RunStatus.Failed,
            Error = "step 'x' failed: \"quoted\" ünïcode",
        };

        await Store.CreateRunAsync(run, CancellationToken.None);
        var loaded = await Store.GetRunAsync(run.Id, CancellationToken.None);

        Assert.Equal(run, loaded);
    }

    [Fact]
    public async Task UpdateRunAsync_NewStatus_IsReadBack()
    {
        await Store.CreateRunAsync(Run("r1"), CancellationToken.None);

        await Store.UpdateRunAsync(Run("r1") with { Status = RunStatus.Cancelled, EndedAt = T0.AddMinutes(1), Error = "cancelled", Owner = "other:2" }, CancellationToken.None);

        var loaded = await Store.GetRunAsync("r1", CancellationToken.None);
        Assert.Equal(RunStatus.Cancelled, loaded!.Status);
        Assert.Equal(T0.AddMinutes(1), loaded.EndedAt);
        Assert.Equal("cancelled", loaded.Error);
        Assert.Equal("other:2", loaded.Owner);
    }

    [Fact]
    public async Task GetRunAsync_UniquePrefix_FindsRun()
    {
        await Store.CreateRunAsync(Run("20260301-120000-aaaa"), CancellationToken.None);
        await Store.CreateRunAsync(Run("20260302-120000-bbbb"), CancellationToken.None);

        var run = await Store.GetRunAsync("20260302", CancellationToken.None);

        Assert.Equal("20260302-120000-bbbb", run?.Id);
    }

    [Fact]
    public async Task GetRunAsync_AmbiguousPrefix_ThrowsNamingPrefix()
    {
        await Store.CreateRunAsync(Run("20260301-120000-aaaa"), CancellationToken.None);
        await Store.CreateRunAsync(Run("20260301-120000-aaab"), CancellationToken.None);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.GetRunAsync("20260301-120000-aa", CancellationToken.None));

        Assert.Contains("ambiguous", e.Message, StringComparison.Ordinal);
        Assert.Contains("20260301-120000-aa", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRunAsync_ExactIdThatIsAlsoPrefixOfAnother_ReturnsExactMatch()
    {
        await Store.CreateRunAsync(Run("run1", started: T0), CancellationToken.None);
        await Store.CreateRunAsync(Run("run10", started: T0.AddHours(1)), CancellationToken.None);

        Assert.Equal("run1", (await Store.GetRunAsync("run1", CancellationToken.None))?.Id);
    }

    [Fact]
    public async Task GetRunAsync_UnknownId_ReturnsNull()
    {
        await Store.CreateRunAsync(Run("r1"), CancellationToken.None);

        Assert.Null(await Store.GetRunAsync("zzz", CancellationToken.None));
    }

    [Fact]
    public async Task GetRunAsync_PrefixWithLikeWildcards_MatchesLiterally()
    {
        await Store.CreateRunAsync(Run("a_1"), CancellationToken.None);
        await Store.CreateRunAsync(Run("ab1"), CancellationToken.None);
        await Store.CreateRunAsync(Run("c%1"), CancellationToken.None);
        await Store.CreateRunAsync(Run("cd1"), CancellationToken.None);

        Assert.Equal("a_1", (await Store.GetRunAsync("a_", CancellationToken.None))?.Id);
        Assert.Equal("c%1", (await Store.GetRunAsync("c%", CancellationToken.None))?.Id);
    }

    [Fact]
    public async Task ListRunsAsync_ByPipelineWithLimit_NewestFirst()
    {
        await Store.CreateRunAsync(Run("r1", "training", T0), CancellationToken.None);
        await Store.CreateRunAsync(Run("r2", "scoring", T0.AddMinutes(1)), CancellationToken.None);
        await Store.CreateRunAsync(Run("r3", "training", T0.AddMinutes(2)), CancellationToken.None);
        await Store.CreateRunAsync(Run("r4", "training", T0.AddMinutes(3)), CancellationToken.None);

        Assert.Equal(["r4", "r3", "r2", "r1"], (await Store.ListRunsAsync(null, 10, CancellationToken.None)).Select(r => r.Id));
        Assert.Equal(["r4", "r3"], (await Store.ListRunsAsync("training", 2, CancellationToken.None)).Select(r => r.Id));
        Assert.Equal(["r2"], (await Store.ListRunsAsync("scoring", 10, CancellationToken.None)).Select(r => r.Id));
        Assert.Empty(await Store.ListRunsAsync("nothing", 10, CancellationToken.None));
    }

    [Fact]
    public async Task SaveStepRunAsync_WithInputsOutputsAndMetrics_RoundTrips()
    {
        await Store.CreateRunAsync(Run("r1"), CancellationToken.None);
        var step = new StepRunRecord
        {
            RunId = "r1",
            Step = "train",
            Status = RunStatus.Cached,
            Attempts = 2,
            StartedAt = T0,
            EndedAt = T0.AddSeconds(3),
            CacheKey = "key1",
            CacheKeyPartsJson = """{"code":{}}""",
            ReusedFrom = "r0/train",
            Error = null,
            LogPath = "runs/r1/logs/train.log",
            Inputs = new Dictionary<string, string> { ["train"] = ArtifactId('a'), ["test"] = ArtifactId('b') },
            Outputs = new Dictionary<string, string> { ["model"] = ArtifactId('c') },
            Metrics = new Dictionary<string, double> { ["auc"] = 0.91, ["loss"] = 1e-7 },
        };

        await Store.SaveStepRunAsync(step, Artifacts(ArtifactId('a'), ArtifactId('b'), ArtifactId('c')), CancellationToken.None);
        var loaded = Assert.Single(await Store.GetStepRunsAsync("r1", CancellationToken.None));

        Assert.Equal("r1/train", loaded.Id);
        Assert.Equal(step with { Inputs = loaded.Inputs, Outputs = loaded.Outputs, Metrics = loaded.Metrics }, loaded);
        Assert.Equal(step.Inputs.OrderBy(p => p.Key), loaded.Inputs.OrderBy(p => p.Key));
        Assert.Equal(step.Outputs, loaded.Outputs);
        Assert.Equal(step.Metrics.OrderBy(p => p.Key), loaded.Metrics.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task GetStepRunsAsync_SeveralSteps_InStartOrderNotStartedLast()
    {
        await Store.CreateRunAsync(Run("r1"), CancellationToken.None);
        await Store.SaveStepRunAsync(StepRun("r1", "b", ended: T0.AddSeconds(20)), [], CancellationToken.None);
        await Store.SaveStepRunAsync(new StepRunRecord { RunId = "r1", Step = "a", Status = RunStatus.Cancelled }, [], CancellationToken.None);
        await Store.SaveStepRunAsync(StepRun("r1", "c", ended: T0.AddSeconds(10)), [], CancellationToken.None);

        Assert.Equal(["c", "b", "a"], (await Store.GetStepRunsAsync("r1", CancellationToken.None)).Select(s => s.Step));
        Assert.Empty(await Store.GetStepRunsAsync("other", CancellationToken.None));
    }

    [Fact]
    public async Task SaveStepRunAsync_SameStepAgain_ReplacesRecordAndUses()
    {
        await Store.CreateRunAsync(Run("r1"), CancellationToken.None);
        await Store.SaveStepRunAsync(
            StepRun("r1", "a", RunStatus.Running, inputs: new Dictionary<string, string> { ["raw"] = ArtifactId('1') },
                outputs: new Dictionary<string, string> { ["out"] = ArtifactId('2') }),
            Artifacts(ArtifactId('1'), ArtifactId('2')), CancellationToken.None);

        await Store.SaveStepRunAsync(
            StepRun("r1", "a", RunStatus.Succeeded, inputs: new Dictionary<string, string> { ["raw"] = ArtifactId('1') },
                outputs: new Dictionary<string, string> { ["out"] = ArtifactId('3') }),
            Artifacts(ArtifactId('1'), ArtifactId('3')), CancellationToken.None);

        var step = Assert.Single(await Store.GetStepRunsAsync("r1", CancellationToken.None));
        Assert.Equal(RunStatus.Succeeded, step.Status);
        Assert.Equal(ArtifactId('3'), step.Outputs["out"]);
        Assert.Empty(await Store.GetArtifactUsesAsync(ArtifactId('2'), CancellationToken.None));
        Assert.Single(await Store.GetArtifactUsesAsync(ArtifactId('3'), CancellationToken.None));
        Assert.Single(await Store.GetArtifactUsesAsync(ArtifactId('1'), CancellationToken.None));
    }

    [Fact]
    public async Task FindByCacheKeyAsync_OnlySucceeded_ReturnsNewestSucceeded()
    {
        await Store.CreateRunAsync(Run("r1"), CancellationToken.None);
        await Store.CreateRunAsync(Run("r2"), CancellationToken.None);
        await Store.CreateRunAsync(Run("r3"), CancellationToken.None);
        await Store.CreateRunAsync(Run("r4"), CancellationToken.None);
        await Store.SaveStepRunAsync(StepRun("r1", "a", RunStatus.Succeeded, "K", T0), [], CancellationToken.None);
        await Store.SaveStepRunAsync(StepRun("r2", "a", RunStatus.Succeeded, "K", T0.AddMinutes(1)), [], CancellationToken.None);
        await Store.SaveStepRunAsync(StepRun("r3", "a", RunStatus.Cached, "K", T0.AddMinutes(2)), [], CancellationToken.None);
        await Store.SaveStepRunAsync(StepRun("r4", "a", RunStatus.Failed, "K", T0.AddMinutes(3)), [], CancellationToken.None);

        var hit = await Store.FindByCacheKeyAsync("K", CancellationToken.None);

        Assert.Equal("r2/a", hit?.Id);
    }

    [Theory]
    [InlineData(RunStatus.Failed)]
    [InlineData(RunStatus.Cached)]
    [InlineData(RunStatus.Running)]
    [InlineData(RunStatus.Cancelled)]
    public async Task FindByCacheKeyAsync_NoSucceededStepRun_ReturnsNull(RunStatus status)
    {
        await Store.CreateRunAsync(Run("r1"), CancellationToken.None);
        await Store.SaveStepRunAsync(StepRun("r1", "a", status, "K"), [], CancellationToken.None);
        await Store.SaveStepRunAsync(StepRun("r1", "b", RunStatus.Succeeded, "OTHER"), [], CancellationToken.None);

        Assert.Null(await Store.FindByCacheKeyAsync("K", CancellationToken.None));
    }

    [Fact]
    public async Task FindPreviousStepRunAsync_ExcludedRun_ReturnsNewestFinishedOfOtherRuns()
    {
        await Store.CreateRunAsync(Run("r1", "training"), CancellationToken.None);
        await Store.CreateRunAsync(Run("r2", "training"), CancellationToken.None);
        await Store.CreateRunAsync(Run("r3", "training"), CancellationToken.None);
        await Store.CreateRunAsync(Run("r4", "other"), CancellationToken.None);
        await Store.SaveStepRunAsync(StepRun("r1", "a", RunStatus.Succeeded, ended: T0), [], CancellationToken.None);
        await Store.SaveStepRunAsync(StepRun("r2", "a", RunStatus.Cached, ended: T0.AddMinutes(1)), [], CancellationToken.None);
        await Store.SaveStepRunAsync(StepRun("r2", "b", RunStatus.Succeeded, ended: T0.AddMinutes(5)), [], CancellationToken.None);
        await Store.SaveStepRunAsync(StepRun("r3", "a", RunStatus.Succeeded, ended: T0.AddMinutes(2)), [], CancellationToken.None);
        await Store.SaveStepRunAsync(StepRun("r4", "a", RunStatus.Succeeded, ended: T0.AddMinutes(9)), [], CancellationToken.None);

        Assert.Equal("r2/a", (await Store.FindPreviousStepRunAsync("training", "a", "r3", CancellationToken.None))?.Id);
        Assert.Equal("r3/a", (await Store.FindPreviousStepRunAsync("training", "a", "r2", CancellationToken.None))?.Id);
        Assert.Null(await Store.FindPreviousStepRunAsync("other", "a", "r4", CancellationToken.None));
    }

    [Fact]
    public async Task FindPreviousStepRunAsync_OnlyFailedOrRunning_ReturnsNull()
    {
        await Store.CreateRunAsync(Run("r1"), CancellationToken.None);
        await Store.CreateRunAsync(Run("r2"), CancellationToken.None);
        await Store.SaveStepRunAsync(StepRun("r1", "a", RunStatus.Failed), [], CancellationToken.None);
        await Store.SaveStepRunAsync(StepRun("r1", "b", RunStatus.Running), [], CancellationToken.None);

        Assert.Null(await Store.FindPreviousStepRunAsync("training", "a", "r2", CancellationToken.None));
        Assert.Null(await Store.FindPreviousStepRunAsync("training", "b", "r2", CancellationToken.None));
    }

    [Fact]
    public async Task FindLatestSucceededRunAsync_MixedStatuses_ReturnsNewestSucceededOfPipeline()
    {
        await Store.CreateRunAsync(Run("r1", "training", T0, RunStatus.Succeeded), CancellationToken.None);
        await Store.CreateRunAsync(Run("r2", "training", T0.AddMinutes(1), RunStatus.Succeeded), CancellationToken.None);
        await Store.CreateRunAsync(Run("r3", "training", T0.AddMinutes(2)), CancellationToken.None);
        await Store.UpdateRunAsync(Run("r3", "training", T0.AddMinutes(2), RunStatus.Failed), CancellationToken.None);
        await Store.CreateRunAsync(Run("r4", "scoring", T0.AddMinutes(3), RunStatus.Succeeded), CancellationToken.None);

        Assert.Equal("r2", (await Store.FindLatestSucceededRunAsync("training", CancellationToken.None))?.Id);
        Assert.Equal("r4", (await Store.FindLatestSucceededRunAsync("scoring", CancellationToken.None))?.Id);
        Assert.Null(await Store.FindLatestSucceededRunAsync("nothing", CancellationToken.None));
    }

    [Fact]
    public async Task GetArtifactUsesAsync_ProducedAndConsumed_ListsBothRoles()
    {
        var x = ArtifactId('a');
        await Store.CreateRunAsync(Run("r1"), CancellationToken.None);
        await Store.SaveStepRunAsync(StepRun("r1", "prep", outputs: new Dictionary<string, string> { ["train"] = x }), Artifacts(x), CancellationToken.None);
        await Store.SaveStepRunAsync(StepRun("r1", "fit", inputs: new Dictionary<string, string> { ["data"] = x }), Artifacts(x), CancellationToken.None);

        var uses = await Store.GetArtifactUsesAsync(x, CancellationToken.None);

        Assert.Equal(
            [new ArtifactUse("r1/fit", "data", x, "input"), new ArtifactUse("r1/prep", "train", x, "output")],
            uses.OrderBy(u => u.StepRunId, StringComparer.Ordinal));
        Assert.Empty(await Store.GetArtifactUsesAsync(ArtifactId('f'), CancellationToken.None));
    }

    [Fact]
    public async Task FindArtifactsAsync_HexPrefixWithOrWithoutScheme_FindsSameArtifacts()
    {
        var a = "sha256:abc1" + new string('0', 60);
        var b = "sha256:abc2" + new string('0', 60);
        var c = "sha256:ffff" + new string('0', 60);
        await Store.CreateRunAsync(Run("r1"), CancellationToken.None);
        await Store.SaveStepRunAsync(
            StepRun("r1", "s", outputs: new Dictionary<string, string> { ["a"] = a, ["b"] = b, ["c"] = c }),
            [new ArtifactRecord(a, 123, 4, T0), new ArtifactRecord(b, 1, 1, T0), new ArtifactRecord(c, 1, 1, T0)],
            CancellationToken.None);

        Assert.Equal([a, b], (await Store.FindArtifactsAsync("abc", CancellationToken.None)).Select(r => r.Id).Order());
        Assert.Equal([a, b], (await Store.FindArtifactsAsync("sha256:abc", CancellationToken.None)).Select(r => r.Id).Order());
        Assert.Equal(new ArtifactRecord(a, 123, 4, T0), Assert.Single(await Store.FindArtifactsAsync("abc1", CancellationToken.None)));
        Assert.Equal(c, Assert.Single(await Store.FindArtifactsAsync(c, CancellationToken.None)).Id);
        Assert.Empty(await Store.FindArtifactsAsync("0123", CancellationToken.None));
    }

    [Fact]
    public async Task SaveStepRunAsync_ArtifactRecordedTwice_KeepsFirstRecord()
    {
        var x = ArtifactId('d');
        await Store.CreateRunAsync(Run("r1"), CancellationToken.None);
        await Store.SaveStepRunAsync(StepRun("r1", "a", outputs: new Dictionary<string, string> { ["o"] = x }), [new ArtifactRecord(x, 5, 1, T0)], CancellationToken.None);
        await Store.SaveStepRunAsync(StepRun("r1", "b", inputs: new Dictionary<string, string> { ["i"] = x }), [new ArtifactRecord(x, 5, 1, T0.AddDays(1))], CancellationToken.None);

        Assert.Equal(new ArtifactRecord(x, 5, 1, T0), Assert.Single(await Store.FindArtifactsAsync(x, CancellationToken.None)));
    }
}
