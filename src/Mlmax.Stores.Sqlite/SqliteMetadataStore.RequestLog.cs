using Microsoft.Data.Sqlite;
using Mlmax.Metadata;

namespace Mlmax.Stores.Sqlite;

/// <summary>The index of served models' request log segments.</summary>
public sealed partial class SqliteMetadataStore
{
    /// <inheritdoc/>
    public async Task SaveRequestLogSegmentAsync(RequestLogSegment segment, ArtifactRecord artifact, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, tx, "INSERT OR IGNORE INTO artifacts (id, size, file_count, created_at) VALUES ($id, $size, $count, $created);", cancellationToken,
            ("$id", artifact.Id), ("$size", artifact.Size), ("$count", artifact.FileCount), ("$created", Format(artifact.CreatedAt)));
        await ExecuteAsync(connection, tx, """
            INSERT OR IGNORE INTO request_log_segments (artifact_id, model, version, first_at, last_at, row_count, created_at)
            VALUES ($artifact, $model, $version, $first, $last, $rows, $created);
            """, cancellationToken,
            ("$artifact", segment.ArtifactId), ("$model", segment.Model), ("$version", segment.Version), ("$first", Format(segment.FirstAt)),
            ("$last", Format(segment.LastAt)), ("$rows", segment.Rows), ("$created", Format(segment.CreatedAt)));
        await tx.CommitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RequestLogSegment>> ListRequestLogSegmentsAsync(
        string model, int? version, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT artifact_id, model, version, first_at, last_at, row_count, created_at FROM request_log_segments
            WHERE model = $model AND ($version IS NULL OR version = $version) AND ($from IS NULL OR last_at >= $from) AND ($to IS NULL OR first_at <= $to)
            ORDER BY first_at, artifact_id;
            """;
        Bind(cmd, [("$model", model), ("$version", (object?)version ?? DBNull.Value), ("$from", (object?)FormatOrNull(from) ?? DBNull.Value),
            ("$to", (object?)FormatOrNull(to) ?? DBNull.Value)]);
        var list = new List<RequestLogSegment>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new RequestLogSegment(r.GetString(0), r.GetString(1), r.GetInt32(2), Parse(r.GetString(3)), Parse(r.GetString(4)), r.GetInt64(5), Parse(r.GetString(6))));
        }

        return list;
    }
}
