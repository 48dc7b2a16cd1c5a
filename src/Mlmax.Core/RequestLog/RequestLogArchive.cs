using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Mlmax.Artifacts;
using Mlmax.Metadata;

namespace Mlmax.RequestLog;

/// <summary>
/// Served models' request logs in a project's stores: each segment is a content-addressed artifact holding one gzip
/// JSON Lines file (<see cref="RequestLogFormat"/>), indexed in the metadata store once the artifact is complete, so
/// an index row never points at nothing. Every read is verified against the artifact's hashes.
/// </summary>
/// <param name="artifacts">Where segments are stored.</param>
/// <param name="metadata">Where segments are indexed.</param>
/// <param name="scratchDirectory">Where segments are written and read (each in its own folder, deleted after).</param>
/// <param name="timeProvider">The clock (when a segment was written).</param>
public sealed class RequestLogArchive(ArtifactStore artifacts, IMetadataStore metadata, string scratchDirectory, TimeProvider timeProvider) : IRequestLogSink
{
    /// <summary>Writes rows of one model version as a segment, then indexes it.</summary>
    /// <param name="rows">The rows, all scored by one version.</param>
    /// <param name="cancellationToken">Cancels the write; a cancelled write indexes nothing.</param>
    /// <returns>The indexed segment.</returns>
    /// <exception cref="ArgumentException">No rows, or rows of several versions.</exception>
    public async Task<RequestLogSegment> WriteAsync(IReadOnlyList<LoggedRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            throw new ArgumentException("a segment needs at least one row", nameof(rows));
        }

        var (model, version) = (rows[0].Model, rows[0].Version);
        if (rows.Any(r => r.Model != model || r.Version != version))
        {
            throw new ArgumentException("a segment holds the rows of one model version", nameof(rows));
        }

        var folder = Path.Combine(scratchDirectory, "segment-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await using (var file = new FileStream(Path.Combine(folder, RequestLogFormat.FileName), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            await using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
            {
                var line = new MemoryStream();
                foreach (var row in rows)
                {
                    line.SetLength(0);
                    await using (var json = new Utf8JsonWriter(line))
                    {
                        RequestLogFormat.Write(json, row);
                    }

                    line.WriteByte((byte)'\n');
                    await gzip.WriteAsync(line.GetBuffer().AsMemory(0, (int)line.Length), cancellationToken);
                }
            }

            var (id, tree) = await artifacts.IngestDirectoryAsync(folder, cancellationToken);
            var now = timeProvider.GetUtcNow();
            var segment = new RequestLogSegment(id, model, version, rows.Min(r => r.At), rows.Max(r => r.At), rows.Count, now);
            await metadata.SaveRequestLogSegmentAsync(segment, new ArtifactRecord(id, tree.Files.Sum(f => f.Size), tree.Files.Count, now), cancellationToken);
            return segment;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Reads a segment's rows, verifying its bytes first.</summary>
    /// <param name="segment">The segment.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows, in the order they were logged.</returns>
    /// <exception cref="ArtifactIntegrityException">The segment does not match its hashes.</exception>
    /// <exception cref="InvalidDataException">The segment is not a request log.</exception>
    public async IAsyncEnumerable<LoggedRow> ReadAsync(RequestLogSegment segment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = Path.Combine(scratchDirectory, "read-" + Guid.NewGuid().ToString("N"));
        try
        {
            var tree = await artifacts.MaterializeAsync(segment.ArtifactId, folder, cancellationToken);
            if (tree.Files.Count != 1 || tree.Files[0].Path != RequestLogFormat.FileName)
            {
                throw new InvalidDataException($"request log segment {segment.ArtifactId} does not hold one {RequestLogFormat.FileName}");
            }

            using var reader = new StreamReader(new GZipStream(File.OpenRead(Path.Combine(folder, RequestLogFormat.FileName)), CompressionMode.Decompress), Encoding.UTF8);
            var number = 0;
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                number++;
                if (line.Length == 0)
                {
                    continue;
                }

                LoggedRow row;
                try
                {
                    row = RequestLogFormat.Read(line);
                }
                catch (InvalidDataException e)
                {
                    throw new InvalidDataException($"request log segment {segment.ArtifactId}, line {number}: {e.Message}", e);
                }

                yield return row;
            }
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>The rows a model (or one version) scored in a time window, oldest segment first.</summary>
    /// <param name="model">The model's name.</param>
    /// <param name="version">Only this version's rows, if given.</param>
    /// <param name="from">Only rows scored at or after this time, if given.</param>
    /// <param name="to">Only rows scored at or before this time, if given.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows.</returns>
    public async IAsyncEnumerable<LoggedRow> ReadWindowAsync(string model, int? version, DateTimeOffset? from, DateTimeOffset? to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var segment in await metadata.ListRequestLogSegmentsAsync(model, version, from, to, cancellationToken))
        {
            await foreach (var row in ReadAsync(segment, cancellationToken))
            {
                if ((from is null || row.At >= from) && (to is null || row.At <= to))
                {
                    yield return row;
                }
            }
        }
    }
}
