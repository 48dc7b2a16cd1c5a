using Mlmax.Artifacts;
using Mlmax.Metadata;

namespace Mlmax.Execution;

/// <summary>What an executor works with: the stores, the launcher, and where runs keep their logs and work files.</summary>
/// <param name="ProjectRoot">The project's root.</param>
/// <param name="StateDirectory">The project's <c>.mlmax</c> directory (logs, work directories, lineage manifests).</param>
/// <param name="Artifacts">The artifact store.</param>
/// <param name="Metadata">The metadata store.</param>
/// <param name="Launcher">Starts step code.</param>
/// <param name="Observer">Receives progress.</param>
/// <param name="Time">The clock.</param>
public sealed record ExecutorContext(
    string ProjectRoot,
    string StateDirectory,
    ArtifactStore Artifacts,
    IMetadataStore Metadata,
    StepLauncher Launcher,
    IRunObserver Observer,
    TimeProvider Time)
{
    /// <summary>The model registry, which resolves parameters of type model; <see langword="null"/> when the project has none.</summary>
    public Registry.IModelRegistry? Registry { get; init; }

    /// <summary>
    /// Reads input bindings that name S3 data (<c>s3://BUCKET/KEY</c>); <see langword="null"/> when none is configured,
    /// and such a binding is then refused.
    /// </summary>
    public IRemoteInputs? RemoteInputs { get; init; }

    /// <summary>The directory of a run's logs and lineage manifest.</summary>
    /// <param name="runId">The run.</param>
    /// <returns>The path.</returns>
    public string RunDirectory(string runId) => Path.Combine(StateDirectory, "runs", runId);

    /// <summary>The working directory of a step run.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="step">The step.</param>
    /// <returns>The path.</returns>
    public string WorkDirectory(string runId, string step) =>
        Path.Combine(StateDirectory, "work", runId, WorkerTag is null ? step : $"{step}@{WorkerTag}");

    /// <summary>
    /// Set on fleet workers (e.g. their process id), so several workers sharing one project folder never share a work
    /// directory even when a step is delivered to two of them.
    /// </summary>
    public string? WorkerTag { get; init; }

    /// <summary>Who runs this process: <c>host:pid</c>.</summary>
    public static string Owner => $"{Environment.MachineName}:{Environment.ProcessId}";
}
