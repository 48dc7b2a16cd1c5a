using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Mlmax.Metadata;

namespace Mlmax.Stores.Sqlite;

/// <summary>
/// <see cref="IMetadataStore"/> on a SQLite file: WAL journal, a busy timeout so concurrent runs of one project wait
/// instead of failing, and versioned migrations. Every write is one transaction, so a killed process leaves it consistent.
/// </summary>
public sealed partial class SqliteMetadataStore : IMetadataStore
{
    private readonly string _connectionString;

    /// <summary>Creates the store on <paramref name="path"/> (created if missing).</summary>
    /// <param name="path">The database file.</param>
    public SqliteMetadataStore(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <inheritdoc/>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var version = Convert.ToInt32(await ScalarAsync(connection, tx, "PRAGMA user_version;", cancellationToken), CultureInfo.InvariantCulture);
        if (version > Migrations.All.Count)
        {
            throw new InvalidOperationException(
                $"the metadata database was written by a newer mlmax (schema {version}, this one knows {Migrations.All.Count}); upgrade mlmax");
        }

        for (var i = version; i < Migrations.All.Count; i++)
        {
            await ExecuteAsync(connection, tx, Migrations.All[i], cancellationToken);
            await ExecuteAsync(connection, tx, $"PRAGMA user_version = {i + 1};", cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public int LatestSchemaVersion => Migrations.All.Count;

    /// <inheritdoc/>
    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public async Task CreateRunAsync(RunRecord run, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            INSERT INTO runs (id, pipeline, definition_version, definition_json, status, parameters_json, inputs_json,
                              environment_json, started_at, ended_at, error, owner, trigger_json, trigger_key)
            VALUES ($id, $pipeline, $version, $definition, $status, $parameters, $inputs, $environment, $started, $ended, $error, $owner,
                    $trigger, $triggerKey);
            """;
        BindRun(cmd, run);
        cmd.Parameters.AddWithValue("$trigger", run.Trigger is { } t ? JsonSerializer.Serialize(t) : DBNull.Value);
        cmd.Parameters.AddWithValue("$triggerKey", (object?)run.Trigger?.Key ?? DBNull.Value);
        try
        {
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19 && e.Message.Contains("runs.trigger_key", StringComparison.Ordinal))
        {
            throw new DuplicateRunTriggerException($"a run was already started by {run.Trigger!.Describe()}", e);
        }
    }

    /// <inheritdoc/>
    public async Task UpdateRunAsync(RunRecord run, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "UPDATE runs SET status = $status, ended_at = $ended, error = $error, owner = $owner WHERE id = $id;";
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
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        foreach (var a in artifacts)
        {
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT OR IGNORE INTO artifacts (id, size, file_count, created_at) VALUES ($id, $size, $count, $created);";
            cmd.Parameters.AddWithValue("$id", a.Id);
            cmd.Parameters.AddWithValue("$size", a.Size);
            cmd.Parameters.AddWithValue("$count", a.FileCount);
            cmd.Parameters.AddWithValue("$created", Format(a.CreatedAt));
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var cmd = connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT OR REPLACE INTO step_runs (run_id, step, status, attempts, started_at, ended_at, cache_key,
                    cache_key_parts_json, reused_from, error, log_path, metrics_json)
                VALUES ($run, $step, $status, $attempts, $started, $ended, $key, $parts, $reused, $error, $log, $metrics);
                """;
            cmd.Parameters.AddWithValue("$run", stepRun.RunId);
            cmd.Parameters.AddWithValue("$step", stepRun.Step);
            cmd.Parameters.AddWithValue("$status", stepRun.Status.ToString());
            cmd.Parameters.AddWithValue("$attempts", stepRun.Attempts);
            cmd.Parameters.AddWithValue("$started", (object?)FormatOrNull(stepRun.StartedAt) ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$ended", (object?)FormatOrNull(stepRun.EndedAt) ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$key", (object?)stepRun.CacheKey ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$parts", (object?)stepRun.CacheKeyPartsJson ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$reused", (object?)stepRun.ReusedFrom ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$error", (object?)stepRun.Error ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$log", (object?)stepRun.LogPath ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$metrics", JsonSerializer.Serialize(stepRun.Metrics));
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }

        await ExecuteAsync(connection, tx, "DELETE FROM artifact_uses WHERE run_id = $run AND step = $step;", cancellationToken,
            ("$run", stepRun.RunId), ("$step", stepRun.Step));
        foreach (var (role, map) in new[] { ("input", stepRun.Inputs), ("output", stepRun.Outputs) })
        {
            foreach (var (name, artifactId) in map)
            {
                await ExecuteAsync(connection, tx,
                    "INSERT INTO artifact_uses (run_id, step, role, name, artifact_id) VALUES ($run, $step, $role, $name, $artifact);",
                    cancellationToken, ("$run", stepRun.RunId), ("$step", stepRun.Step), ("$role", role), ("$name", name), ("$artifact", artifactId));
            }
        }

        await tx.CommitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private static async Task<object?> ScalarAsync(
        SqliteConnection connection, SqliteTransaction tx, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        Bind(cmd, parameters);

        return await cmd.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(
        SqliteConnection connection, SqliteTransaction tx, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        Bind(cmd, parameters);

        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Bind(SqliteCommand cmd, (string Name, object Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }
    }

    private static void BindRun(SqliteCommand cmd, RunRecord run)
    {
        cmd.Parameters.AddWithValue("$id", run.Id);
        cmd.Parameters.AddWithValue("$pipeline", run.Pipeline);
        cmd.Parameters.AddWithValue("$version", run.DefinitionVersion);
        cmd.Parameters.AddWithValue("$definition", run.DefinitionJson);
        cmd.Parameters.AddWithValue("$status", run.Status.ToString());
        cmd.Parameters.AddWithValue("$parameters", run.ParametersJson);
        cmd.Parameters.AddWithValue("$inputs", run.InputsJson);
        cmd.Parameters.AddWithValue("$environment", run.EnvironmentJson);
        cmd.Parameters.AddWithValue("$started", Format(run.StartedAt));
        cmd.Parameters.AddWithValue("$ended", (object?)FormatOrNull(run.EndedAt) ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$error", (object?)run.Error ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$owner", run.Owner);
    }

    private static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static string? FormatOrNull(DateTimeOffset? t) => t is { } v ? Format(v) : null;
}
