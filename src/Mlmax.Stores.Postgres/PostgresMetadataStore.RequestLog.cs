using Mlmax.Metadata;
using Npgsql;

namespace Mlmax.Stores.Postgres;

/// <summary>The index of served models' request log segments.</summary>
public sealed partial class PostgresMetadataStore
{
    /// <inheritdoc/>
    public async Task SaveRequestLogSegmentAsync(RequestLogSegment segment, ArtifactRecord artifact, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await InsertArtifactAsync(connection, tx, artifact, cancellationToken);
        await ExecuteAsync(connection, tx, """
            INSERT INTO request_log_segments (artifact_id, model, version, first_at, last_at, row_count, created_at)
            VALUES (@artifact, @model, @version, @first, @last, @rows, @created) ON CONFLICT (artifact_id) DO NOTHING;
            """, cancellationToken,
            ("artifact", segment.ArtifactId), ("model", segment.Model), ("version", segment.Version), ("first", segment.FirstAt),
            ("last", segment.LastAt), ("rows", segment.Rows), ("created", segment.CreatedAt));
        await tx.CommitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RequestLogSegment>> ListRequestLogSegmentsAsync(
        string model, int? version, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand("""
            SELECT artifact_id, model, version, first_at, last_at, row_count, created_at FROM request_log_segments
            WHERE model = @model AND (@version::integer IS NULL OR version = @version) AND (@from::timestamptz IS NULL OR last_at >= @from)
                AND (@to::timestamptz IS NULL OR first_at <= @to)
            ORDER BY first_at, artifact_id;
            """, connection);
        Bind(cmd, [("model", model), ("version", version), ("from", from), ("to", to)]);
        var list = new List<RequestLogSegment>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new RequestLogSegment(r.GetString(0), r.GetString(1), r.GetInt32(2), Time(r, 3), Time(r, 4), r.GetInt64(5), Time(r, 6)));
        }

        return list;
    }
}
