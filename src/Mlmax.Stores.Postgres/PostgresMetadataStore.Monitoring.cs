using System.Text.Json;
using Mlmax.Metadata;
using Npgsql;

namespace Mlmax.Stores.Postgres;

/// <summary>Monitoring checks in the same PostgreSQL database.</summary>
public sealed partial class PostgresMetadataStore
{
    private const string CheckColumns = "id, model, version, source_kind, run_id, step, window_start, window_end, metrics_json, checked_at, "
        + "drifted, drifted_json, worst_psi, thresholds_json, report_artifact";

    /// <inheritdoc/>
    public async Task SaveMonitorCheckAsync(MonitorCheckRecord check, ArtifactRecord report, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await InsertArtifactAsync(connection, tx, report, cancellationToken);
        var s = check.Source;
        await ExecuteAsync(connection, tx, $"""
            INSERT INTO monitor_checks ({CheckColumns})
            VALUES (@id, @model, @version, @kind, @run, @step, @start, @end, @metrics, @at, @drifted, @driftedJson, @psi, @thresholds, @report);
            """, cancellationToken,
            ("id", check.Id), ("model", check.Model), ("version", check.Version), ("kind", s.Kind), ("run", s.RunId), ("step", s.Step),
            ("start", s.WindowStart), ("end", s.WindowEnd), ("metrics", s.Metrics is null ? null : JsonSerializer.Serialize(s.Metrics)),
            ("at", check.CheckedAt), ("drifted", check.Drifted), ("driftedJson", JsonSerializer.Serialize(check.DriftedFeatures)),
            ("psi", check.WorstPsi), ("thresholds", check.ThresholdsJson), ("report", check.ReportArtifact));
        await tx.CommitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<MonitorCheckRecord?> GetMonitorCheckAsync(string id, CancellationToken cancellationToken) =>
        First(await QueryChecksAsync($"SELECT {CheckColumns} FROM monitor_checks WHERE id = @id;", cancellationToken, ("id", id)));

    /// <inheritdoc/>
    public Task<IReadOnlyList<MonitorCheckRecord>> ListMonitorChecksAsync(string model, DateTimeOffset? since, CancellationToken cancellationToken) =>
        QueryChecksAsync(
            $"SELECT {CheckColumns} FROM monitor_checks WHERE model = @model AND (@since::timestamptz IS NULL OR checked_at >= @since) ORDER BY checked_at, id;",
            cancellationToken, ("model", model), ("since", since));

    /// <inheritdoc/>
    public Task<IReadOnlyList<MonitorCheckRecord>> ListMonitorChecksOfRunAsync(string runId, CancellationToken cancellationToken) =>
        QueryChecksAsync($"SELECT {CheckColumns} FROM monitor_checks WHERE run_id = @run ORDER BY checked_at, id;", cancellationToken, ("run", runId));

    private async Task<IReadOnlyList<MonitorCheckRecord>> QueryChecksAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(sql, connection);
        Bind(cmd, parameters);
        var list = new List<MonitorCheckRecord>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new MonitorCheckRecord
            {
                Id = r.GetString(0),
                Model = r.GetString(1),
                Version = r.GetInt32(2),
                Source = new MonitorSource
                {
                    Kind = r.GetString(3),
                    RunId = r.IsDBNull(4) ? null : r.GetString(4),
                    Step = r.IsDBNull(5) ? null : r.GetString(5),
                    WindowStart = TimeOrNull(r, 6),
                    WindowEnd = TimeOrNull(r, 7),
                    Metrics = r.IsDBNull(8) ? null : JsonSerializer.Deserialize<Dictionary<string, double>>(r.GetString(8)),
                },
                CheckedAt = Time(r, 9),
                Drifted = r.GetBoolean(10),
                DriftedFeatures = JsonSerializer.Deserialize<List<string>>(r.GetString(11)) ?? [],
                WorstPsi = r.IsDBNull(12) ? null : r.GetDouble(12),
                ThresholdsJson = r.GetString(13),
                ReportArtifact = r.GetString(14),
            });
        }

        return list;
    }
}
