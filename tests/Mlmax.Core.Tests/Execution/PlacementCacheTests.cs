using Mlmax.Definitions;
using Mlmax.Execution;
using Mlmax.Metadata;
using Mlmax.Registry;
using Mlmax.Specs;
using static Mlmax.Core.Tests.Execution.TestProject;

namespace Mlmax.Core.Tests.Execution;

/// <summary>Where a step runs (its pool, a predict step's partitions) does not change its results, so neither is part of its cache key.</summary>
public sealed class PlacementCacheTests : IAsyncLifetime
{
    private TestProject _project = null!;
    private ExecutorContext _context = null!;

    public async Task InitializeAsync()
    {
        _project = await TestProject.CreateAsync();
        var model = _project.Write("bundle/model.zip", "weights");
        var (component, _) = await _project.Artifacts.IngestFileAsync(model, null, CancellationToken.None);
        var launcher = new StepLauncher(new LauncherOptions(_project.Root, "python3", null, false, ["true"]) { Predictor = new CopyingPredictor() });
        _context = _project.Context with { Launcher = launcher, Registry = new OneVersionRegistry(component) };
    }

    public async Task DisposeAsync() => await _project.DisposeAsync();

    /// <summary>prepare (bash) -> score (predict), placed by <paramref name="prepare"/> and <paramref name="score"/>.</summary>
    private static PipelineSpec Pipeline(Func<StepBuilder, StepBuilder> prepare, Func<StepBuilder, StepBuilder> score) => new PipelineBuilder("fleet")
        .Parameter("model", ParameterType.Model, "census")
        .Step("prepare", Bash("""echo "a,b" > "$MLMAX_OUTPUT_ROWS/rows.csv" """), s => prepare(s.Outputs("rows")))
        .Step("score", new PredictRunner("model"), s => score(s.Input(PredictRunner.DataInput, "prepare.rows").Outputs(PredictRunner.PredictionsOutput)))
        .Build();

    private async Task<RunResult> RunAsync(PipelineSpec pipeline)
    {
        var plan = await new RunPlanner(_context).PlanAsync(pipeline, new Dictionary<string, string>(), new Dictionary<string, string>(), _project.Root, CancellationToken.None);
        return await new RunExecutor(_context).RunAsync(plan, new RunOptions(MaxParallel: 2), CancellationToken.None);
    }

    [Fact]
    public async Task RunAsync_PoolsAndPartitionsAdded_SameCacheKeysAndEveryStepReused()
    {
        var first = await RunAsync(Pipeline(s => s, s => s));

        var second = await RunAsync(Pipeline(s => s.Pool("highmem"), s => s.Pool("gpu").Partitions(4)));

        Assert.Equal(RunStatus.Succeeded, first.Run.Status);
        Assert.NotEqual(first.Run.DefinitionVersion, second.Run.DefinitionVersion);
        Assert.All(second.Steps, s => Assert.Equal(RunStatus.Cached, s.Status));
        Assert.Equal(first.Steps.Select(s => s.CacheKey), second.Steps.Select(s => s.CacheKey));
        Assert.Equal(first.Steps.Select(s => s.CacheKeyPartsJson), second.Steps.Select(s => s.CacheKeyPartsJson));
    }

    [Fact]
    public async Task RunAsync_PoolAndPartitionsChanged_StillReused()
    {
        var first = await RunAsync(Pipeline(s => s.Pool("highmem"), s => s.Pool("gpu").Partitions(4)));

        var second = await RunAsync(Pipeline(s => s.Pool("cpu"), s => s.Partitions(16)));

        Assert.Equal(RunStatus.Succeeded, first.Run.Status);
        Assert.All(second.Steps, s => Assert.Equal(RunStatus.Cached, s.Status));
        Assert.Equal(first.Steps.Select(s => s.CacheKey), second.Steps.Select(s => s.CacheKey));
    }

    /// <summary>Stands in for the batch scorer: copies the data to the predictions.</summary>
    private sealed class CopyingPredictor : IBuiltinStep
    {
        public Task<int> RunAsync(StepWorkspace workspace, Action<string> log, CancellationToken cancellationToken)
        {
            var data = workspace.Contract.Inputs[PredictRunner.DataInput];
            foreach (var file in Directory.EnumerateFiles(data))
            {
                File.Copy(file, Path.Combine(workspace.Contract.Outputs[PredictRunner.PredictionsOutput], Path.GetFileName(file)));
            }

            return Task.FromResult(0);
        }
    }

    /// <summary>A registry holding <c>census:1</c>, whose bundle is one component.</summary>
    private sealed class OneVersionRegistry(string component) : IModelRegistry
    {
        private readonly ModelVersionRecord _version = new()
        {
            Name = "census",
            Version = 1,
            BundleArtifact = component,
            Components = new Dictionary<string, string> { ["model"] = component },
            RunId = "training-run",
            CreatedAt = DateTimeOffset.UnixEpoch,
        };

        public Task<ModelVersionRecord?> ResolveAsync(ModelReference reference, CancellationToken cancellationToken) =>
            Task.FromResult(reference.Name == _version.Name ? _version : null);

        public Task<IReadOnlyList<ModelVersionRecord>> ListAsync(string? name, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ModelVersionRecord>>([_version]);

        public Task<ModelVersionRecord> RegisterAsync(ModelVersionRecord version, string who, string? why, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task MoveAliasAsync(string name, string alias, int? version, int? expectedHolder, RegistryEvent recorded, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task RecordAsync(RegistryEvent recorded, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task ArchiveAsync(string name, int version, RegistryEvent recorded, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<RegistryEvent>> HistoryAsync(string name, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<RegistryEvent>>([]);
    }
}
