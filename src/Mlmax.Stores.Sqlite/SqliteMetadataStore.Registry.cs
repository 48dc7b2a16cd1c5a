using System.Data;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Mlmax.Metadata;
using Mlmax.Registry;

namespace Mlmax.Stores.Sqlite;

/// <summary>The model registry in the same SQLite database: versions, aliases and the event log.</summary>
public sealed partial class SqliteMetadataStore : IModelRegistry
{
    private const string VersionColumns = "v.name, v.version, v.bundle_artifact, v.components_json, v.run_id, v.metrics_json, v.created_at, v.archived";

    /// <inheritdoc/>
    public async Task SaveArtifactAsync(ArtifactRecord artifact, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "INSERT OR IGNORE INTO artifacts (id, size, file_count, created_at) VALUES ($id, $size, $count, $created);";
        cmd.Parameters.AddWithValue("$id", artifact.Id);
        cmd.Parameters.AddWithValue("$size", artifact.Size);
        cmd.Parameters.AddWithValue("$count", artifact.FileCount);
        cmd.Parameters.AddWithValue("$created", Format(artifact.CreatedAt));
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<ModelVersionRecord> RegisterAsync(ModelVersionRecord version, string who, string? why, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        var next = Convert.ToInt32(await ScalarAsync(connection, tx, "SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE name = $name;", cancellationToken, ("$name", version.Name)),
            System.Globalization.CultureInfo.InvariantCulture);
        var registered = version with { Version = next };
        await ExecuteAsync(connection, tx, """
            INSERT INTO model_versions (name, version, bundle_artifact, components_json, run_id, metrics_json, created_at, archived)
            VALUES ($name, $version, $bundle, $components, $run, $metrics, $created, 0);
            """, cancellationToken,
            ("$name", registered.Name), ("$version", next), ("$bundle", registered.BundleArtifact),
            ("$components", JsonSerializer.Serialize(registered.Components)), ("$run", registered.RunId),
            ("$metrics", JsonSerializer.Serialize(registered.Metrics)), ("$created", Format(registered.CreatedAt)));
        await InsertEventAsync(connection, tx, new RegistryEvent(registered.Name, "register", null, null, next, who, registered.CreatedAt, why, []), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return registered;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ModelVersionRecord>> ListAsync(string? name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await QueryVersionsAsync(connection, $"SELECT {VersionColumns} FROM model_versions v WHERE $name IS NULL OR v.name = $name ORDER BY v.name, v.version DESC;",
            cancellationToken, ("$name", (object?)name ?? DBNull.Value));
    }

    /// <inheritdoc/>
    public async Task<ModelVersionRecord?> ResolveAsync(ModelReference reference, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var sql = reference switch
        {
            { Version: not null } => $"SELECT {VersionColumns} FROM model_versions v WHERE v.name = $name AND v.version = $version;",
            { Alias: not null } => $"SELECT {VersionColumns} FROM model_versions v JOIN model_aliases a ON a.name = v.name AND a.version = v.version WHERE v.name = $name AND a.alias = $alias;",
            _ => $"SELECT {VersionColumns} FROM model_versions v WHERE v.name = $name AND v.archived = 0 ORDER BY v.version DESC LIMIT 1;",
        };
        var found = await QueryVersionsAsync(connection, sql, cancellationToken,
            ("$name", reference.Name), ("$version", (object?)reference.Version ?? DBNull.Value), ("$alias", (object?)reference.Alias ?? DBNull.Value));
        return found.Count > 0 ? found[0] : null;
    }

    /// <inheritdoc/>
    public async Task MoveAliasAsync(string name, string alias, int? version, int? expectedHolder, RegistryEvent recorded, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        await using (var check = connection.CreateCommand())
        {
            check.Transaction = tx;
            check.CommandText = "SELECT version FROM model_aliases WHERE name = $name AND alias = $alias;";
            check.Parameters.AddWithValue("$name", name);
            check.Parameters.AddWithValue("$alias", alias);
            var current = await check.ExecuteScalarAsync(cancellationToken) is long v ? (int?)v : null;
            if (current != expectedHolder)
            {
                throw new InvalidOperationException($"{name}@{alias} changed meanwhile (now {(current is null ? "unset" : $"{name}:{current}")}); look again and retry");
            }
        }

        if (version is { } target)
        {
            await ExecuteAsync(connection, tx, """
                INSERT INTO model_aliases (name, alias, version, updated_at) VALUES ($name, $alias, $version, $at)
                ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at;
                """, cancellationToken, ("$name", name), ("$alias", alias), ("$version", target), ("$at", Format(recorded.At)));
        }
        else
        {
            await ExecuteAsync(connection, tx, "DELETE FROM model_aliases WHERE name = $name AND alias = $alias;", cancellationToken, ("$name", name), ("$alias", alias));
        }

        await InsertEventAsync(connection, tx, recorded, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task RecordAsync(RegistryEvent recorded, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await InsertEventAsync(connection, tx, recorded, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task ArchiveAsync(string name, int version, RegistryEvent recorded, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        var aliases = Convert.ToInt32(await ScalarAsync(connection, tx,
            "SELECT COUNT(*) FROM model_aliases WHERE name = $name AND version = $version;", cancellationToken, ("$name", name), ("$version", version)),
            System.Globalization.CultureInfo.InvariantCulture);
        if (aliases > 0)
        {
            throw new InvalidOperationException($"{name}:{version} holds an alias; promote another version or roll back first");
        }

        await ExecuteAsync(connection, tx, "UPDATE model_versions SET archived = 1 WHERE name = $name AND version = $version;", cancellationToken,
            ("$name", name), ("$version", version));
        await InsertEventAsync(connection, tx, recorded, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RegistryEvent>> HistoryAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT name, action, alias, from_version, to_version, who, at, why, gates_json FROM registry_events WHERE name = $name ORDER BY id;";
        cmd.Parameters.AddWithValue("$name", name);
        var list = new List<RegistryEvent>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new RegistryEvent(
                r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
                r.IsDBNull(3) ? null : r.GetInt32(3), r.IsDBNull(4) ? null : r.GetInt32(4),
                r.GetString(5), Parse(r.GetString(6)), r.IsDBNull(7) ? null : r.GetString(7),
                JsonSerializer.Deserialize<List<GateResult>>(r.GetString(8)) ?? []));
        }

        return list;
    }

    private static async Task InsertEventAsync(SqliteConnection connection, SqliteTransaction tx, RegistryEvent e, CancellationToken cancellationToken) =>
        await ExecuteAsync(connection, tx, """
            INSERT INTO registry_events (name, action, alias, from_version, to_version, who, at, why, gates_json)
            VALUES ($name, $action, $alias, $from, $to, $who, $at, $why, $gates);
            """, cancellationToken,
            ("$name", e.Name), ("$action", e.Action), ("$alias", (object?)e.Alias ?? DBNull.Value), ("$from", (object?)e.FromVersion ?? DBNull.Value),
            ("$to", (object?)e.ToVersion ?? DBNull.Value), ("$who", e.Who), ("$at", Format(e.At)), ("$why", (object?)e.Why ?? DBNull.Value),
            ("$gates", JsonSerializer.Serialize(e.Gates)));

    private static async Task<IReadOnlyList<ModelVersionRecord>> QueryVersionsAsync(
        SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string, object)[] parameters)
    {
        var list = new List<ModelVersionRecord>();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = sql;
            Bind(cmd, parameters);

            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                list.Add(new ModelVersionRecord
                {
                    Name = r.GetString(0),
                    Version = r.GetInt32(1),
                    BundleArtifact = r.GetString(2),
                    Components = JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(3)) ?? [],
                    RunId = r.GetString(4),
                    Metrics = JsonSerializer.Deserialize<Dictionary<string, double>>(r.GetString(5)) ?? [],
                    CreatedAt = Parse(r.GetString(6)),
                    Archived = r.GetInt32(7) != 0,
                });
            }
        }

        for (var i = 0; i < list.Count; i++)
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT alias FROM model_aliases WHERE name = $name AND version = $version ORDER BY alias;";
            cmd.Parameters.AddWithValue("$name", list[i].Name);
            cmd.Parameters.AddWithValue("$version", list[i].Version);
            var aliases = new List<string>();
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                aliases.Add(r.GetString(0));
            }

            list[i] = list[i] with { Aliases = aliases };
        }

        return list;
    }
}
