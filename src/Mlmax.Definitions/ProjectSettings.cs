namespace Mlmax.Definitions;

/// <summary>A project's settings, read from its <c>mlmax.yaml</c>.</summary>
/// <param name="Name">The project's name.</param>
public sealed record ProjectSettings(string Name)
{
    /// <summary>The project file of the assembly holding the .NET steps, relative to the project root; <see langword="null"/> when there are none.</summary>
    public string? DotnetProject { get; init; }

    /// <summary>Whether .NET steps run inside the mlmax process. <value><see langword="false"/></value></summary>
    public bool DotnetInProcess { get; init; }

    /// <summary>The interpreter of Python steps; <see langword="null"/> means <c>python3</c> on the PATH.</summary>
    public string? PythonInterpreter { get; init; }

    /// <summary>
    /// The metadata store: <c>sqlite</c> (the embedded default, <c>.mlmax/mlmax.db</c>) or a
    /// <c>postgres://USER:PASSWORD@HOST:PORT/DATABASE</c> URL. The <c>MLMAX_METADATA</c> environment variable overrides
    /// it. <value><see langword="null"/>: SQLite.</value>
    /// </summary>
    public string? Metadata { get; init; }

    /// <summary>
    /// The artifact store's blobs: <c>local</c> (the embedded default, <c>.mlmax/artifacts</c>) or an
    /// <c>s3://BUCKET/PREFIX</c> URL. The <c>MLMAX_ARTIFACTS</c> environment variable overrides it.
    /// <value><see langword="null"/>: local disk.</value>
    /// </summary>
    public string? Artifacts { get; init; }

    /// <summary>
    /// Where <c>mlmax run</c> runs steps: <c>local</c> (this machine, the default) or <c>hangfire</c> (a fleet of
    /// <c>mlmax worker</c> processes sharing the PostgreSQL metadata database). <c>--executor</c> overrides it.
    /// <value><see langword="null"/>: local.</value>
    /// </summary>
    public string? Executor { get; init; }

    /// <summary>
    /// The share of served rows <c>mlmax serve</c> logs to the artifact store (<c>serving: { log_requests: 0.1 }</c>),
    /// from 0 (off: no request body is kept) to 1. <c>--log-requests</c> overrides it.
    /// <value><see langword="null"/>: 0, off.</value>
    /// </summary>
    public double? ServingLogRequests { get; init; }

    /// <summary>
    /// The request column <c>mlmax serve</c> reads row ids from (<c>serving: { id_column: customer_id }</c>): not passed
    /// to the model, kept in the request log so that labels can be joined later. <c>--id-column</c> overrides it.
    /// <value><see langword="null"/>: <c>id</c>.</value>
    /// </summary>
    public string? ServingIdColumn { get; init; }

    /// <summary>The <c>monitoring:</c> section: thresholds of <c>mlmax monitor</c> and the alerts it fires (docs/monitoring.md).</summary>
    /// <value><see langword="null"/>: no section (default thresholds, no alerts).</value>
    public MonitoringSettings? Monitoring { get; init; }
}
