namespace Mlmax.Metadata;

/// <summary>
/// Runs, step runs, artifacts and lineage. The embedded default is SQLite; a PostgreSQL backend implements the same
/// contract. Every method is atomic.
/// </summary>
public interface IMetadataStore : IAsyncDisposable
{
    /// <summary>Creates the schema or migrates it to the current version.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>The schema version <see cref="MigrateAsync"/> brings the database to.</summary>
    int LatestSchemaVersion { get; }

    /// <summary>The schema version the database holds, without changing it.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>0 when the schema was never created; above <see cref="LatestSchemaVersion"/> when a newer mlmax wrote it.</returns>
    Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken);

    /// <summary>Records a new run.</summary>
    /// <param name="run">The run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    /// <exception cref="DuplicateRunTriggerException">Another run has the same <see cref="RunTrigger.Key"/>; nothing was recorded.</exception>
    Task CreateRunAsync(RunRecord run, CancellationToken cancellationToken);

    /// <summary>Sets a run's status, end time, error and owner.</summary>
    /// <param name="run">The run, with the new values.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task UpdateRunAsync(RunRecord run, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces a step run with its inputs, outputs and metrics, and records its artifacts, in one transaction.</summary>
    /// <param name="stepRun">The step run.</param>
    /// <param name="artifacts">Artifacts it produced or consumed, recorded if new.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task SaveStepRunAsync(StepRunRecord stepRun, IReadOnlyList<ArtifactRecord> artifacts, CancellationToken cancellationToken);

    /// <summary>Records an artifact that no step run produced (e.g. a bundle manifest), if new.</summary>
    /// <param name="artifact">The artifact.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task SaveArtifactAsync(ArtifactRecord artifact, CancellationToken cancellationToken);

    /// <summary>Gets a run by id, or by a unique prefix of it.</summary>
    /// <param name="idOrPrefix">The id or prefix.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run, or <see langword="null"/>.</returns>
    Task<RunRecord?> GetRunAsync(string idOrPrefix, CancellationToken cancellationToken);

    /// <summary>The run a trigger started, if any.</summary>
    /// <param name="triggerKey">The trigger's <see cref="RunTrigger.Key"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run, or <see langword="null"/>.</returns>
    Task<RunRecord?> FindRunByTriggerAsync(string triggerKey, CancellationToken cancellationToken);

    /// <summary>Lists runs, newest first.</summary>
    /// <param name="pipeline">Only this pipeline's runs, if given.</param>
    /// <param name="limit">At most this many.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The runs.</returns>
    Task<IReadOnlyList<RunRecord>> ListRunsAsync(string? pipeline, int limit, CancellationToken cancellationToken);

    /// <summary>The step runs of a run, in start order.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The step runs.</returns>
    Task<IReadOnlyList<StepRunRecord>> GetStepRunsAsync(string runId, CancellationToken cancellationToken);

    /// <summary>The newest succeeded (not cached) step run with this cache key whose outputs still exist.</summary>
    /// <param name="cacheKey">The cache key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The step run, or <see langword="null"/>.</returns>
    Task<StepRunRecord?> FindByCacheKeyAsync(string cacheKey, CancellationToken cancellationToken);

    /// <summary>The newest step run of a pipeline's step that finished (succeeded or cached), excluding a run.</summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="step">The step.</param>
    /// <param name="excludeRunId">A run to skip (the current one).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The step run, or <see langword="null"/>.</returns>
    Task<StepRunRecord?> FindPreviousStepRunAsync(string pipeline, string step, string excludeRunId, CancellationToken cancellationToken);

    /// <summary>The newest succeeded run of a pipeline.</summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run, or <see langword="null"/>.</returns>
    Task<RunRecord?> FindLatestSucceededRunAsync(string pipeline, CancellationToken cancellationToken);

    /// <summary>Every use of an artifact by a step run (as input or output).</summary>
    /// <param name="artifactId">The artifact.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The uses.</returns>
    Task<IReadOnlyList<ArtifactUse>> GetArtifactUsesAsync(string artifactId, CancellationToken cancellationToken);

    /// <summary>Finds artifacts by id prefix (<c>sha256:</c> optional).</summary>
    /// <param name="prefix">The prefix.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The matching artifacts.</returns>
    Task<IReadOnlyList<ArtifactRecord>> FindArtifactsAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Indexes a request log segment whose artifact is already stored, recording the artifact if new, in one transaction; indexing it again does nothing.</summary>
    /// <param name="segment">The segment.</param>
    /// <param name="artifact">Its artifact.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task SaveRequestLogSegmentAsync(RequestLogSegment segment, ArtifactRecord artifact, CancellationToken cancellationToken);

    /// <summary>The request log segments of a model that overlap a time window, oldest first.</summary>
    /// <param name="model">The model's name.</param>
    /// <param name="version">Only this version's segments, if given.</param>
    /// <param name="from">Only segments whose last row is at or after this time, if given.</param>
    /// <param name="to">Only segments whose first row is at or before this time, if given.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The segments, by first row time then artifact id.</returns>
    Task<IReadOnlyList<RequestLogSegment>> ListRequestLogSegmentsAsync(string model, int? version, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken);

    /// <summary>Records a monitoring check; its report artifact is recorded too, if new.</summary>
    /// <param name="check">The check.</param>
    /// <param name="report">The report artifact (<see cref="MonitorCheckRecord.ReportArtifact"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task SaveMonitorCheckAsync(MonitorCheckRecord check, ArtifactRecord report, CancellationToken cancellationToken);

    /// <summary>Gets a monitoring check by id.</summary>
    /// <param name="id">The check's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The check, or <see langword="null"/>.</returns>
    Task<MonitorCheckRecord?> GetMonitorCheckAsync(string id, CancellationToken cancellationToken);

    /// <summary>A model's monitoring checks, oldest first.</summary>
    /// <param name="model">The model's name.</param>
    /// <param name="since">Only checks made at or after this time, if given.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The checks, by time then id.</returns>
    Task<IReadOnlyList<MonitorCheckRecord>> ListMonitorChecksAsync(string model, DateTimeOffset? since, CancellationToken cancellationToken);

    /// <summary>The monitoring checks of an inference run, oldest first.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The checks whose source is that run.</returns>
    Task<IReadOnlyList<MonitorCheckRecord>> ListMonitorChecksOfRunAsync(string runId, CancellationToken cancellationToken);
}
