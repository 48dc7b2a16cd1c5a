using System.Text.Json;
using Mlmax.Metadata;
using Npgsql;

namespace Mlmax.Stores.Postgres;

/// <summary>
/// The read side of <see cref="PostgresMetadataStore"/>. Orders match SQLite's: a missing time sorts last ascending and
/// last descending (<c>NULLS LAST</c>), and prefixes match case-insensitively (<c>ILIKE</c>, as SQLite's <c>LIKE</c>).
/// </summary>
public sealed partial class PostgresMetadataStore
{
    private const string RunColumns = "id, pipeline, definition_version, definition_json, status, parameters_json, inputs_json, environment_json, started_at, ended_at, error, owner, trigger_json";
    private const string StepColumns = "run_id, step, status, attempts, started_at, ended_at, cache_key, cache_key_parts_json, reused_from, error, log_path, metrics_json";

    /// <inheritdoc/>
    public async Task<RunRecord?> GetRunAsync(string idOrPrefix, CancellationToken cancellationToken)
    {
        var runs = await QueryRunsAsync(
            $"SELECT {RunColumns} FROM runs WHERE id = @p OR id ILIKE @prefix ESCAPE '\\' ORDER BY id = @p DESC, started_at DESC LIMIT 2;",
            cancellationToken, ("p", idOrPrefix), ("prefix", EscapeLike(idOrPrefix) + "%"));
        return runs.Count switch
        {
            0 => null,
            1 => runs[0],
            _ when runs[0].Id == idOrPrefix => runs[0],
            _ => throw new InvalidOperationException($"run prefix '{idOrPrefix}' is ambiguous: {runs[0].Id}, {runs[1].Id}, ... (give more characters)"),
        };
    }

    /// <inheritdoc/>
    public async Task<RunRecord?> FindRunByTriggerAsync(string triggerKey, CancellationToken cancellationToken) =>
        First(await QueryRunsAsync($"SELECT {RunColumns} FROM runs WHERE trigger_key = @key;", cancellationToken, ("key", triggerKey)));

    /// <inheritdoc/>
    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(string? pipeline, int limit, CancellationToken cancellationToken) =>
        QueryRunsAsync(
            $"SELECT {RunColumns} FROM runs WHERE @pipeline::text IS NULL OR pipeline = @pipeline ORDER BY started_at DESC, id DESC LIMIT @limit;",
            cancellationToken, ("pipeline", pipeline), ("limit", limit));

    /// <inheritdoc/>
    public async Task<RunRecord?> FindLatestSucceededRunAsync(string pipeline, CancellationToken cancellationToken) =>
        First(await QueryRunsAsync(
            $"SELECT {RunColumns} FROM runs WHERE pipeline = @pipeline AND status = 'Succeeded' ORDER BY started_at DESC, id DESC LIMIT 1;",
            cancellationToken, ("pipeline", pipeline)));

    /// <inheritdoc/>
    public Task<IReadOnlyList<StepRunRecord>> GetStepRunsAsync(string runId, CancellationToken cancellationToken) =>
        QueryStepRunsAsync(
            $"SELECT {StepColumns} FROM step_runs WHERE run_id = @run ORDER BY started_at NULLS LAST, step;",
            cancellationToken, ("run", runId));

    /// <inheritdoc/>
    public async Task<StepRunRecord?> FindByCacheKeyAsync(string cacheKey, CancellationToken cancellationToken) =>
        First(await QueryStepRunsAsync(
            $"SELECT {StepColumns} FROM step_runs WHERE cache_key = @key AND status = 'Succeeded' ORDER BY ended_at DESC NULLS LAST LIMIT 1;",
            cancellationToken, ("key", cacheKey)));

    /// <inheritdoc/>
    public async Task<StepRunRecord?> FindPreviousStepRunAsync(string pipeline, string step, string excludeRunId, CancellationToken cancellationToken) =>
        First(await QueryStepRunsAsync(
            $"""
            SELECT {string.Join(", ", StepColumns.Split(", ").Select(c => "s." + c))} FROM step_runs s JOIN runs r ON r.id = s.run_id
            WHERE r.pipeline = @pipeline AND s.step = @step AND s.run_id <> @exclude AND s.status IN ('Succeeded', 'Cached')
            ORDER BY s.ended_at DESC NULLS LAST LIMIT 1;
            """,
            cancellationToken, ("pipeline", pipeline), ("step", step), ("exclude", excludeRunId)));

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ArtifactUse>> GetArtifactUsesAsync(string artifactId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(
            "SELECT run_id, step, name, artifact_id, role FROM artifact_uses WHERE artifact_id = @a ORDER BY run_id, step, role;", connection);
        Bind(cmd, [("a", artifactId)]);
        var list = new List<ArtifactUse>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new ArtifactUse($"{reader.GetString(0)}/{reader.GetString(1)}", reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return list;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ArtifactRecord>> FindArtifactsAsync(string prefix, CancellationToken cancellationToken)
    {
        var full = prefix.StartsWith("sha256:", StringComparison.Ordinal) ? prefix : "sha256:" + prefix;
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(
            "SELECT id, size, file_count, created_at FROM artifacts WHERE id ILIKE @p ESCAPE '\\' ORDER BY id LIMIT 20;", connection);
        Bind(cmd, [("p", EscapeLike(full) + "%")]);
        var list = new List<ArtifactRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new ArtifactRecord(reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2), Time(reader, 3)));
        }

        return list;
    }

    private async Task<IReadOnlyList<RunRecord>> QueryRunsAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(sql, connection);
        Bind(cmd, parameters);

        var list = new List<RunRecord>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new RunRecord
            {
                Id = r.GetString(0),
                Pipeline = r.GetString(1),
                DefinitionVersion = r.GetString(2),
                DefinitionJson = r.GetString(3),
                Status = Enum.Parse<RunStatus>(r.GetString(4)),
                ParametersJson = r.GetString(5),
                InputsJson = r.GetString(6),
                EnvironmentJson = r.GetString(7),
                StartedAt = Time(r, 8),
                EndedAt = TimeOrNull(r, 9),
                Error = r.IsDBNull(10) ? null : r.GetString(10),
                Owner = r.GetString(11),
                Trigger = r.IsDBNull(12) ? null : JsonSerializer.Deserialize<RunTrigger>(r.GetString(12)),
            });
        }

        return list;
    }

    private async Task<IReadOnlyList<StepRunRecord>> QueryStepRunsAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var list = new List<StepRunRecord>();
        await using (var cmd = new NpgsqlCommand(sql, connection))
        {
            Bind(cmd, parameters);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                list.Add(new StepRunRecord
                {
                    RunId = r.GetString(0),
                    Step = r.GetString(1),
                    Status = Enum.Parse<RunStatus>(r.GetString(2)),
                    Attempts = r.GetInt32(3),
                    StartedAt = TimeOrNull(r, 4),
                    EndedAt = TimeOrNull(r, 5),
                    CacheKey = r.IsDBNull(6) ? null : r.GetString(6),
                    CacheKeyPartsJson = r.IsDBNull(7) ? null : r.GetString(7),
                    ReusedFrom = r.IsDBNull(8) ? null : r.GetString(8),
                    Error = r.IsDBNull(9) ? null : r.GetString(9),
                    LogPath = r.IsDBNull(10) ? null : r.GetString(10),
                    Metrics = JsonSerializer.Deserialize<Dictionary<string, double>>(r.GetString(11)) ?? [],
                });
            }
        }

        if (list.Count > 1 && list.All(s => s.RunId == list[0].RunId))
        {
            var uses = await ReadRunUsesAsync(connection, list[0].RunId, cancellationToken);
            for (var i = 0; i < list.Count; i++)
            {
                var (inputs, outputs) = uses.TryGetValue(list[i].Step, out var u) ? u : ([], []);
                list[i] = list[i] with { Inputs = inputs, Outputs = outputs };
            }

            return list;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var (inputs, outputs) = await ReadUsesAsync(connection, list[i].RunId, list[i].Step, cancellationToken);
            list[i] = list[i] with { Inputs = inputs, Outputs = outputs };
        }

        return list;
    }

    private static async Task<(Dictionary<string, string> Inputs, Dictionary<string, string> Outputs)> ReadUsesAsync(
        NpgsqlConnection connection, string runId, string step, CancellationToken cancellationToken)
    {
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var cmd = new NpgsqlCommand("SELECT role, name, artifact_id FROM artifact_uses WHERE run_id = @run AND step = @step ORDER BY name;", connection);
        Bind(cmd, [("run", runId), ("step", step)]);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            (r.GetString(0) == "input" ? inputs : outputs)[r.GetString(1)] = r.GetString(2);
        }

        return (inputs, outputs);
    }

    private static async Task<Dictionary<string, (Dictionary<string, string> Inputs, Dictionary<string, string> Outputs)>> ReadRunUsesAsync(
        NpgsqlConnection connection, string runId, CancellationToken cancellationToken)
    {
        var uses = new Dictionary<string, (Dictionary<string, string> Inputs, Dictionary<string, string> Outputs)>(StringComparer.Ordinal);
        await using var cmd = new NpgsqlCommand("SELECT step, role, name, artifact_id FROM artifact_uses WHERE run_id = @run ORDER BY step, name;", connection);
        Bind(cmd, [("run", runId)]);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            if (!uses.TryGetValue(r.GetString(0), out var u))
            {
                u = (new Dictionary<string, string>(StringComparer.Ordinal), new Dictionary<string, string>(StringComparer.Ordinal));
                uses[r.GetString(0)] = u;
            }

            (r.GetString(1) == "input" ? u.Inputs : u.Outputs)[r.GetString(2)] = r.GetString(3);
        }

        return uses;
    }

    private static T? First<T>(IReadOnlyList<T> list)
        where T : class => list.Count > 0 ? list[0] : null;

    private static DateTimeOffset Time(NpgsqlDataReader r, int ordinal) => r.GetFieldValue<DateTimeOffset>(ordinal);

    private static DateTimeOffset? TimeOrNull(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : Time(r, ordinal);

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
