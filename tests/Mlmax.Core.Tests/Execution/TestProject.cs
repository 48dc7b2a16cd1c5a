using System.Collections.Concurrent;
using Mlmax.Artifacts;
using Mlmax.Execution;
using Mlmax.Metadata;
using Mlmax.Specs;
using Mlmax.Stores.Local;
using Mlmax.Stores.Sqlite;

namespace Mlmax.Core.Tests.Execution;

/// <summary>A project directory with real stores, a real launcher and a recording observer.</summary>
internal sealed class TestProject : IAsyncDisposable
{
    private readonly TempDirectory _temp = new();

    private TestProject()
    {
        Root = _temp.Combine("project");
        Outside = _temp.Combine("outside");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Outside);
        StateDirectory = Path.Combine(Root, ".mlmax");
        Metadata = new SqliteMetadataStore(Path.Combine(StateDirectory, "metadata.db"));
        Artifacts = new ArtifactStore(new LocalBlobStore(Path.Combine(StateDirectory, "store")));
        Context = new ExecutorContext(
            Root, StateDirectory, Artifacts, Metadata,
            new StepLauncher(new LauncherOptions(Root, "python3", null, false, ["true"])),
            Observer, TimeProvider.System);
    }

    public string Root { get; }

    /// <summary>A directory outside the project for markers the steps leave.</summary>
    public string Outside { get; }

    public string StateDirectory { get; }

    public SqliteMetadataStore Metadata { get; }

    public ArtifactStore Artifacts { get; }

    public RecordingObserver Observer { get; } = new();

    public ExecutorContext Context { get; }

    public static async Task<TestProject> CreateAsync()
    {
        var project = new TestProject();
        await project.Metadata.MigrateAsync(CancellationToken.None);
        return project;
    }

    /// <summary>A step that runs a bash script in its working directory.</summary>
    public static CommandRunner Bash(string script) => new(["bash", "-c", script]);

    public string Write(string relative, string content)
    {
        var full = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public Task<RunPlan> PlanAsync(PipelineSpec pipeline, IReadOnlyDictionary<string, string>? parameters = null, IReadOnlyDictionary<string, string>? inputs = null) =>
        new RunPlanner(Context).PlanAsync(pipeline, parameters ?? new Dictionary<string, string>(), inputs ?? new Dictionary<string, string>(), Root, CancellationToken.None);

    public async Task<RunResult> RunAsync(
        PipelineSpec pipeline, IReadOnlyDictionary<string, string>? parameters = null, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var plan = await PlanAsync(pipeline, parameters);
        return await RunPlanAsync(plan, options, cancellationToken);
    }

    public Task<RunResult> RunPlanAsync(RunPlan plan, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        new RunExecutor(Context).RunAsync(plan, options ?? new RunOptions(MaxParallel: 2), cancellationToken);

    /// <summary>The text of the single file of an artifact.</summary>
    public async Task<string> ReadSingleFileAsync(string artifactId)
    {
        var target = Path.Combine(Outside, "read-" + Guid.NewGuid().ToString("N"));
        var tree = await Artifacts.MaterializeAsync(artifactId, target, CancellationToken.None);
        var text = await File.ReadAllTextAsync(Path.Combine(target, Assert.Single(tree.Files).Path));
        Directory.Delete(target, recursive: true);
        return text.Trim();
    }

    public async ValueTask DisposeAsync()
    {
        await Metadata.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}

internal sealed class RecordingObserver : IRunObserver
{
    public ConcurrentQueue<(string Step, int Attempt)> Started { get; } = new();

    public ConcurrentQueue<(string Step, string Line)> Lines { get; } = new();

    public ConcurrentQueue<(StepRunRecord Record, string Explanation)> Finished { get; } = new();

    public void StepStarted(string step, int attempt) => Started.Enqueue((step, attempt));

    public void StepLog(string step, string line) => Lines.Enqueue((step, line));

    public void StepFinished(StepRunRecord record, string explanation) => Finished.Enqueue((record, explanation));

    public string ExplanationFor(string runId, string step) =>
        Finished.Last(f => f.Record.RunId == runId && f.Record.Step == step).Explanation;

    public int StartsOf(string step) => Started.Count(s => s.Step == step);
}
