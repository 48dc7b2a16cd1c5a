using Mlmax.Metadata;

namespace Mlmax.RequestLog;

/// <summary>Where a server's sampled rows go, one segment at a time (<see cref="RequestLogArchive"/> in a project's stores).</summary>
public interface IRequestLogSink
{
    /// <summary>Writes rows of one model version as a segment, complete or not at all.</summary>
    /// <param name="rows">The rows, all scored by one version.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The segment written.</returns>
    Task<RequestLogSegment> WriteAsync(IReadOnlyList<LoggedRow> rows, CancellationToken cancellationToken);
}
