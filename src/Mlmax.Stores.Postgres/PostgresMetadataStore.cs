using System.Globalization;
using System.Text.Json;
using Mlmax.Metadata;
using Npgsql;

namespace Mlmax.Stores.Postgres;

/// <summary>
/// <see cref="IMetadataStore"/> on a PostgreSQL database, for several processes and machines sharing one store. Same
/// contract and schema versions as the SQLite default; each write is one transaction; migrations run once under an
/// advisory lock however many processes start at the same time.
/// </summary>
public sealed partial class PostgresMetadataStore : IMetadataStore
{
    /// <summary>The advisory lock key that serializes migrations ("mlmaxsch").</summary>
    private const long MigrationLock = 0x6D6C6D61_78736368;

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the store; nothing connects until the first call.</summary>
    /// <param name="connection">A <c>postgres://USER:PASSWORD@HOST:PORT/DATABASE</c> URL or an Npgsql connection string.</param>
    /// <exception cref="FormatException">Malformed (the message never contains the password).</exception>
    public PostgresMetadataStore(string connection)
    {
        Description = PostgresConnectionString.Describe(connection);
        _dataSource = NpgsqlDataSource.Create(PostgresConnectionString.Parse(connection));
    }

    /// <summary>Where the store lives, without the password, for messages.</summary>
    /// <value>E.g. <c>postgres://mlmax@db:5432/mlmax</c>.</value>
    public string Description { get; }

    /// <inheritdoc/>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, tx, "SELECT pg_advisory_xact_lock(@key);", cancellationToken, ("key", MigrationLock));
        await ExecuteAsync(connection, tx, Migrations.SchemaTable, cancellationToken);
        var version = Convert.ToInt32(await ScalarAsync(connection, tx, "SELECT COALESCE(MAX(version), 0) FROM mlmax_schema;", cancellationToken),
            CultureInfo.InvariantCulture);
        if (version > Migrations.All.Count)
        {
            throw new InvalidOperationException(
                $"the metadata database was written by a newer mlmax (schema {version}, this one knows {Migrations.All.Count}); upgrade mlmax");
        }

        for (var i = version; i < Migrations.All.Count; i++)
        {
            await ExecuteAsync(connection, tx, Migrations.All[i], cancellationToken);
            await ExecuteAsync(connection, tx, "INSERT INTO mlmax_schema (version) VALUES (@version);", cancellationToken, ("version", i + 1));
        }

        await tx.CommitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public int LatestSchemaVersion => Migrations.All.Count;

    /// <inheritdoc/>
    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        if (await ScalarAsync(connection, null, "SELECT to_regclass('mlmax_schema') IS NULL;", cancellationToken) is true)
        {
            return 0;
        }

        return Convert.ToInt32(await ScalarAsync(connection, null, "SELECT COALESCE(MAX(version), 0) FROM mlmax_schema;", cancellationToken),
            CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public async Task CreateRunAsync(RunRecord run, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO runs (id, pipeline, definition_version, definition_json, status, parameters_json, inputs_json,
                              environment_json, started_at, ended_at, error, owner, trigger_json, trigger_key)
            VALUES (@id, @pipeline, @version, @definition, @status, @parameters, @inputs, @environment, @started, @ended, @error, @owner,
                    @trigger, @triggerKey);
            """, connection);
        BindRun(cmd, run);
        Bind(cmd, [("trigger", run.Trigger is { } t ? JsonSerializer.Serialize(t) : null), ("triggerKey", run.Trigger?.Key)]);
        try
        {
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "runs_trigger_key")
        {
            throw new DuplicateRunTriggerException($"a run was already started by {run.Trigger!.Describe()}", e);
        }
    }

    /// <inheritdoc/>
    public async Task UpdateRunAsync(RunRecord run, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand("UPDATE runs SET status = @status, ended_at = @ended, error = @error, owner = @owner WHERE id = @id;", connection);
        BindRun(cmd, run);
        if (await cmd.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new InvalidOperationException($"run {run.Id} is not recorded");
        }
    }

    /// <inheritdoc/>
    public async Task SaveStepRunAsync(StepRunRecord stepRun, IReadOnlyList<ArtifactRecord> artifacts, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);

        // In id order, so two transactions recording the same artifacts take their row locks in the same order.
        foreach (var a in artifacts.DistinctBy(a => a.Id).OrderBy(a => a.Id, StringComparer.Ordinal))
        {
            await InsertArtifactAsync(connection, tx, a, cancellationToken);
        }

        await ExecuteAsync(connection, tx, """
            INSERT INTO step_runs (run_id, step, status, attempts, started_at, ended_at, cache_key,
                cache_key_parts_json, reused_from, error, log_path, metrics_json)
            VALUES (@run, @step, @status, @attempts, @started, @ended, @key, @parts, @reused, @error, @log, @metrics)
            ON CONFLICT (run_id, step) DO UPDATE SET status = excluded.status, attempts = excluded.attempts,
                started_at = excluded.started_at, ended_at = excluded.ended_at, cache_key = excluded.cache_key,
                cache_key_parts_json = excluded.cache_key_parts_json, reused_from = excluded.reused_from,
                error = excluded.error, log_path = excluded.log_path, metrics_json = excluded.metrics_json;
            """, cancellationToken,
            ("run", stepRun.RunId), ("step", stepRun.Step), ("status", stepRun.Status.ToString()), ("attempts", stepRun.Attempts),
            ("started", stepRun.StartedAt), ("ended", stepRun.EndedAt), ("key", stepRun.CacheKey), ("parts", stepRun.CacheKeyPartsJson),
            ("reused", stepRun.ReusedFrom), ("error", stepRun.Error), ("log", stepRun.LogPath), ("metrics", JsonSerializer.Serialize(stepRun.Metrics)));

        await ExecuteAsync(connection, tx, "DELETE FROM artifact_uses WHERE run_id = @run AND step = @step;", cancellationToken,
            ("run", stepRun.RunId), ("step", stepRun.Step));
        foreach (var (role, map) in new[] { ("input", stepRun.Inputs), ("output", stepRun.Outputs) })
        {
            foreach (var (name, artifactId) in map)
            {
                await ExecuteAsync(connection, tx,
                    "INSERT INTO artifact_uses (run_id, step, role, name, artifact_id) VALUES (@run, @step, @role, @name, @artifact);",
                    cancellationToken, ("run", stepRun.RunId), ("step", stepRun.Step), ("role", role), ("name", name), ("artifact", artifactId));
            }
        }

        await tx.CommitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task SaveArtifactAsync(ArtifactRecord artifact, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await InsertArtifactAsync(connection, null, artifact, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static Task InsertArtifactAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, ArtifactRecord a, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, tx,
            "INSERT INTO artifacts (id, size, file_count, created_at) VALUES (@id, @size, @count, @created) ON CONFLICT (id) DO NOTHING;",
            cancellationToken, ("id", a.Id), ("size", a.Size), ("count", a.FileCount), ("created", a.CreatedAt));

    private ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => _dataSource.OpenConnectionAsync(cancellationToken);

    private static async Task<object?> ScalarAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        Bind(cmd, parameters);
        return await cmd.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        Bind(cmd, parameters);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Binds parameters; times go in as UTC (what <c>timestamptz</c> takes), <see langword="null"/> as SQL NULL.</summary>
    private static void Bind(NpgsqlCommand cmd, (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value switch
            {
                null => DBNull.Value,
                DateTimeOffset t => t.ToUniversalTime(),
                _ => value,
            });
        }
    }

    private static void BindRun(NpgsqlCommand cmd, RunRecord run) => Bind(cmd,
    [
        ("id", run.Id), ("pipeline", run.Pipeline), ("version", run.DefinitionVersion), ("definition", run.DefinitionJson),
        ("status", run.Status.ToString()), ("parameters", run.ParametersJson), ("inputs", run.InputsJson), ("environment", run.EnvironmentJson),
        ("started", run.StartedAt), ("ended", run.EndedAt), ("error", run.Error), ("owner", run.Owner),
    ]);
}
