using Microsoft.Data.Sqlite;
using Mlmax.Artifacts;
using Mlmax.Metadata;
using Mlmax.RequestLog;
using Mlmax.Stores.Local;
using Mlmax.Stores.Sqlite;

namespace Mlmax.Serving.Tests;

/// <summary>
/// A request log of its own for one test (blobs on disk and a SQLite index in a temporary folder), so tests sharing the
/// census project never see each other's segments; counts the segments the server asked it to write.
/// </summary>
internal sealed class RequestLogStore : IRequestLogSink, IAsyncDisposable
{
    private int _writes;

    private RequestLogStore(string root, SqliteMetadataStore metadata, ArtifactStore artifacts)
    {
        Root = root;
        Metadata = metadata;
        Artifacts = artifacts;
        Archive = new RequestLogArchive(artifacts, metadata, Path.Combine(root, "scratch"), TimeProvider.System);
    }

    public string Root { get; }

    public SqliteMetadataStore Metadata { get; }

    public ArtifactStore Artifacts { get; }

    public RequestLogArchive Archive { get; }

    /// <summary>The segments the server asked to write.</summary>
    public int Writes => Volatile.Read(ref _writes);

    /// <summary>Runs before each write (e.g. to fail or block it).</summary>
    public Func<Task>? BeforeWrite { get; set; }

    public static async Task<RequestLogStore> CreateAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "mlmax-reqlog-" + Guid.NewGuid().ToString("N")[..10]);
        var metadata = new SqliteMetadataStore(Path.Combine(root, "mlmax.db"));
        await metadata.MigrateAsync(CancellationToken.None);
        return new RequestLogStore(root, metadata, new ArtifactStore(new LocalBlobStore(Path.Combine(root, "artifacts"))));
    }

    public async Task<RequestLogSegment> WriteAsync(IReadOnlyList<LoggedRow> rows, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _writes);
        if (BeforeWrite is { } before)
        {
            await before();
        }

        return await Archive.WriteAsync(rows, cancellationToken);
    }

    public Task<IReadOnlyList<RequestLogSegment>> SegmentsAsync() => Metadata.ListRequestLogSegmentsAsync("census", null, null, null, CancellationToken.None);

    public async Task<List<LoggedRow>> RowsAsync()
    {
        var rows = new List<LoggedRow>();
        await foreach (var row in Archive.ReadWindowAsync("census", null, null, null, CancellationToken.None))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Whether any file under the store holds <paramref name="text"/> (uncompressed).</summary>
    public bool AnyFileContains(string text) =>
        Directory.Exists(Root) && Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Any(f => File.ReadAllText(f).Contains(text, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await Metadata.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
