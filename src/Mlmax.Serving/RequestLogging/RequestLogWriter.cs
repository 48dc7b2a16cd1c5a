using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Mlmax.RequestLog;
using Mlmax.Serving.Metrics;

namespace Mlmax.Serving.RequestLogging;

/// <summary>
/// The request log's queue and its writer: requests hand sampled rows to a bounded queue without waiting (a full
/// queue drops the row and counts it), and one background loop writes them out as segments every
/// <see cref="RequestLogOptions.FlushRows"/> rows or <see cref="RequestLogOptions.FlushInterval"/>, one segment per
/// model version, and once more when disposed. A failed write is logged and counted; it never reaches a request.
/// </summary>
internal sealed class RequestLogWriter : IAsyncDisposable
{
    private readonly Channel<LoggedRow> _queue;
    private readonly IRequestLogSink _sink;
    private readonly RequestLogOptions _options;
    private readonly ServerMetrics _metrics;
    private readonly ILogger _log;
    private readonly TimeProvider _timeProvider;
    private readonly Random _random;
    private readonly Task _loop;

    public RequestLogWriter(IRequestLogSink sink, RequestLogOptions options, ServerMetrics metrics, ILogger log, TimeProvider timeProvider)
    {
        _sink = sink;
        _options = options;
        _metrics = metrics;
        _log = log;
        _timeProvider = timeProvider;
        _random = options.Seed is { } seed ? new Random(seed) : new Random();
        _queue = Channel.CreateBounded<LoggedRow>(new BoundedChannelOptions(options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Draws whether the next row is logged.</summary>
    /// <returns><see langword="true"/> to log it.</returns>
    public bool Sample()
    {
        if (_options.SampleRate >= 1)
        {
            return true;
        }

        lock (_random)
        {
            return _random.NextDouble() < _options.SampleRate;
        }
    }

    /// <summary>Queues a sampled row without waiting; a full queue drops it (counted).</summary>
    /// <param name="row">The row.</param>
    public void Enqueue(LoggedRow row)
    {
        if (_queue.Writer.TryWrite(row))
        {
            _metrics.RowLogged();
        }
        else
        {
            _metrics.RowDropped();
        }
    }

    /// <summary>Stops taking rows and writes those waiting.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var buffer = new List<LoggedRow>();
        DateTimeOffset? oldest = null;
        var reader = _queue.Reader;
        while (true)
        {
            bool more;
            if (oldest is { } first)
            {
                var left = first + _options.FlushInterval - _timeProvider.GetUtcNow();
                using var timeout = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero, _timeProvider);
                try
                {
                    more = await reader.WaitToReadAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    await FlushAsync(buffer);
                    oldest = null;
                    continue;
                }
            }
            else
            {
                more = await reader.WaitToReadAsync();
            }

            if (!more)
            {
                break;
            }

            while (reader.TryRead(out var row))
            {
                oldest ??= _timeProvider.GetUtcNow();
                buffer.Add(row);
                if (buffer.Count >= _options.FlushRows)
                {
                    await FlushAsync(buffer);
                    oldest = null;
                }
            }
        }

        await FlushAsync(buffer);
    }

    /// <summary>Writes the buffer as one segment per model version, then empties it.</summary>
    private async Task FlushAsync(List<LoggedRow> buffer)
    {
        foreach (var group in buffer.GroupBy(r => (r.Model, r.Version)))
        {
            var rows = group.ToList();
            try
            {
                var segment = await _sink.WriteAsync(rows, CancellationToken.None);
                _metrics.SegmentWritten();
                Log.SegmentWritten(_log, $"{group.Key.Model}:{group.Key.Version}", rows.Count, segment.ArtifactId);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _metrics.SegmentFailed();
                Log.SegmentFailed(_log, e, $"{group.Key.Model}:{group.Key.Version}", rows.Count);
            }
        }

        buffer.Clear();
    }
}
