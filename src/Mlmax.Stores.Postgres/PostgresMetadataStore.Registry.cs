using System.Globalization;
using System.Text.Json;
using Mlmax.Registry;
using Npgsql;

namespace Mlmax.Stores.Postgres;

/// <summary>
/// The model registry in the same PostgreSQL database: versions, aliases and the event log. A write that reads before
/// it writes (numbering a version, the compare-and-set of an alias move, archiving) holds a transaction-scoped
/// advisory lock on the model, so it sees what the last such write committed: the same one-writer-at-a-time rule the
/// SQLite store gets from <c>BEGIN IMMEDIATE</c>, per model instead of per database.
/// </summary>
public sealed partial class PostgresMetadataStore : IModelRegistry
{
    /// <summary>The first key of the per-model advisory locks ("mlmx"); the second is the hash of the model's name.</summary>
    private const int ModelLockSpace = 0x6D6C6D78;

    private const string VersionColumns = "v.name, v.version, v.bundle_artifact, v.components_json, v.run_id, v.metrics_json, v.created_at, v.archived";

    /// <inheritdoc/>
    public async Task<ModelVersionRecord> RegisterAsync(ModelVersionRecord version, string who, string? why, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await LockModelAsync(connection, tx, version.Name, cancellationToken);
        var next = Convert.ToInt32(await ScalarAsync(connection, tx, "SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE name = @name;",
            cancellationToken, ("name", version.Name)), CultureInfo.InvariantCulture);
        var registered = version with { Version = next };
        await ExecuteAsync(connection, tx, """
            INSERT INTO model_versions (name, version, bundle_artifact, components_json, run_id, metrics_json, created_at, archived)
            VALUES (@name, @version, @bundle, @components, @run, @metrics, @created, false);
            """, cancellationToken,
            ("name", registered.Name), ("version", next), ("bundle", registered.BundleArtifact),
            ("components", JsonSerializer.Serialize(registered.Components)), ("run", registered.RunId),
            ("metrics", JsonSerializer.Serialize(registered.Metrics)), ("created", registered.CreatedAt));
        await InsertEventAsync(connection, tx, new RegistryEvent(registered.Name, "register", null, null, next, who, registered.CreatedAt, why, []), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return registered;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ModelVersionRecord>> ListAsync(string? name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await QueryVersionsAsync(connection,
            $"SELECT {VersionColumns} FROM model_versions v WHERE @name::text IS NULL OR v.name = @name ORDER BY v.name, v.version DESC;",
            cancellationToken, ("name", name));
    }

    /// <inheritdoc/>
    public async Task<ModelVersionRecord?> ResolveAsync(ModelReference reference, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var found = reference switch
        {
            { Version: { } version } => await QueryVersionsAsync(connection,
                $"SELECT {VersionColumns} FROM model_versions v WHERE v.name = @name AND v.version = @version;",
                cancellationToken, ("name", reference.Name), ("version", version)),
            { Alias: { } alias } => await QueryVersionsAsync(connection,
                $"SELECT {VersionColumns} FROM model_versions v JOIN model_aliases a ON a.name = v.name AND a.version = v.version WHERE v.name = @name AND a.alias = @alias;",
                cancellationToken, ("name", reference.Name), ("alias", alias)),
            _ => await QueryVersionsAsync(connection,
                $"SELECT {VersionColumns} FROM model_versions v WHERE v.name = @name AND NOT v.archived ORDER BY v.version DESC LIMIT 1;",
                cancellationToken, ("name", reference.Name)),
        };
        return found.Count > 0 ? found[0] : null;
    }

    /// <inheritdoc/>
    public async Task MoveAliasAsync(string name, string alias, int? version, int? expectedHolder, RegistryEvent recorded, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await LockModelAsync(connection, tx, name, cancellationToken);
        var current = await ScalarAsync(connection, tx, "SELECT version FROM model_aliases WHERE name = @name AND alias = @alias;", cancellationToken,
            ("name", name), ("alias", alias)) is int v ? (int?)v : null;
        if (current != expectedHolder)
        {
            throw new InvalidOperationException($"{name}@{alias} changed meanwhile (now {(current is null ? "unset" : $"{name}:{current}")}); look again and retry");
        }

        if (version is { } target)
        {
            await ExecuteAsync(connection, tx, """
                INSERT INTO model_aliases (name, alias, version, updated_at) VALUES (@name, @alias, @version, @at)
                ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at;
                """, cancellationToken, ("name", name), ("alias", alias), ("version", target), ("at", recorded.At));
        }
        else
        {
            await ExecuteAsync(connection, tx, "DELETE FROM model_aliases WHERE name = @name AND alias = @alias;", cancellationToken, ("name", name), ("alias", alias));
        }

        await InsertEventAsync(connection, tx, recorded, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task RecordAsync(RegistryEvent recorded, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await InsertEventAsync(connection, null, recorded, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task ArchiveAsync(string name, int version, RegistryEvent recorded, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await LockModelAsync(connection, tx, name, cancellationToken);
        var aliases = Convert.ToInt64(await ScalarAsync(connection, tx,
            "SELECT COUNT(*) FROM model_aliases WHERE name = @name AND version = @version;", cancellationToken, ("name", name), ("version", version)),
            CultureInfo.InvariantCulture);
        if (aliases > 0)
        {
            throw new InvalidOperationException($"{name}:{version} holds an alias; promote another version or roll back first");
        }

        await ExecuteAsync(connection, tx, "UPDATE model_versions SET archived = true WHERE name = @name AND version = @version;", cancellationToken,
            ("name", name), ("version", version));
        await InsertEventAsync(connection, tx, recorded, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RegistryEvent>> HistoryAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(
            "SELECT name, action, alias, from_version, to_version, who, at, why, gates_json FROM registry_events WHERE name = @name ORDER BY id;", connection);
        Bind(cmd, [("name", name)]);
        var list = new List<RegistryEvent>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new RegistryEvent(
                r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
                r.IsDBNull(3) ? null : r.GetInt32(3), r.IsDBNull(4) ? null : r.GetInt32(4),
                r.GetString(5), Time(r, 6), r.IsDBNull(7) ? null : r.GetString(7),
                JsonSerializer.Deserialize<List<GateResult>>(r.GetString(8)) ?? []));
        }

        return list;
    }

    private static Task LockModelAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string name, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, tx, "SELECT pg_advisory_xact_lock(@space, hashtext(@name));", cancellationToken, ("space", ModelLockSpace), ("name", name));

    private static Task InsertEventAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, RegistryEvent e, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, tx, """
            INSERT INTO registry_events (name, action, alias, from_version, to_version, who, at, why, gates_json)
            VALUES (@name, @action, @alias, @from, @to, @who, @at, @why, @gates);
            """, cancellationToken,
            ("name", e.Name), ("action", e.Action), ("alias", e.Alias), ("from", e.FromVersion), ("to", e.ToVersion),
            ("who", e.Who), ("at", e.At), ("why", e.Why), ("gates", JsonSerializer.Serialize(e.Gates)));

    private static async Task<IReadOnlyList<ModelVersionRecord>> QueryVersionsAsync(
        NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        var list = new List<ModelVersionRecord>();
        await using (var cmd = new NpgsqlCommand(sql, connection))
        {
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
                    CreatedAt = Time(r, 6),
                    Archived = r.GetBoolean(7),
                });
            }
        }

        for (var i = 0; i < list.Count; i++)
        {
            await using var cmd = new NpgsqlCommand("SELECT alias FROM model_aliases WHERE name = @name AND version = @version ORDER BY alias;", connection);
            Bind(cmd, [("name", list[i].Name), ("version", list[i].Version)]);
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
