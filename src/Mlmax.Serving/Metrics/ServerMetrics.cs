using System.Collections.Concurrent;

namespace Mlmax.Serving.Metrics;

/// <summary>The counters one server keeps (no global state: each <see cref="ModelServer"/> has its own).</summary>
internal sealed class ServerMetrics
{
    private readonly ConcurrentDictionary<(string Route, int Status), Counter> _requests = new();
    private readonly ConcurrentDictionary<string, LatencyHistogram> _latency = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Column, string Problem), Counter> _guardViolations = new();
    private long _predictions;
    private long _schemaViolations;
    private long _swaps;
    private long _loadFailures;
    private long _loggedRows;
    private long _droppedRows;
    private long _segments;
    private long _logFailures;

    /// <summary>Requests answered, by route and status.</summary>
    public IEnumerable<KeyValuePair<(string Route, int Status), long>> Requests =>
        _requests.Select(p => KeyValuePair.Create(p.Key, p.Value.Value));

    /// <summary>Latency histograms by route.</summary>
    public IEnumerable<KeyValuePair<string, LatencyHistogram>> Latency => _latency;

    /// <summary>Rows scored.</summary>
    public long Predictions => Interlocked.Read(ref _predictions);

    /// <summary>
    /// Values (and missing columns) found violating the training schema, by schema column and problem, whether the
    /// request was refused or scored (<c>--on-violation report</c>). The labels are bounded by the schema's columns.
    /// </summary>
    public IEnumerable<KeyValuePair<(string Column, string Problem), long>> GuardViolations =>
        _guardViolations.Select(p => KeyValuePair.Create(p.Key, p.Value.Value));

    /// <summary>Requests refused because their data did not fit the model's input schema or its training schema.</summary>
    public long SchemaViolations => Interlocked.Read(ref _schemaViolations);

    /// <summary>Times a new version was swapped in.</summary>
    public long Swaps => Interlocked.Read(ref _swaps);

    /// <summary>Times a new version failed to load (the old one kept serving).</summary>
    public long LoadFailures => Interlocked.Read(ref _loadFailures);

    /// <summary>Sampled rows queued for the request log.</summary>
    public long LoggedRows => Interlocked.Read(ref _loggedRows);

    /// <summary>Sampled rows dropped because the request log's queue was full.</summary>
    public long DroppedRows => Interlocked.Read(ref _droppedRows);

    /// <summary>Request log segments written.</summary>
    public long Segments => Interlocked.Read(ref _segments);

    /// <summary>Request log segments that could not be written (their rows are lost).</summary>
    public long LogFailures => Interlocked.Read(ref _logFailures);

    public void RecordRequest(string route, int status, TimeSpan elapsed)
    {
        _requests.GetOrAdd((route, status), static _ => new Counter()).Increment();
        _latency.GetOrAdd(route, static _ => new LatencyHistogram()).Observe(elapsed);
    }

    public void Predicted(int rows) => Interlocked.Add(ref _predictions, rows);

    public void SchemaViolated() => Interlocked.Increment(ref _schemaViolations);

    public void GuardViolated(string column, string problem, long count) =>
        _guardViolations.GetOrAdd((column, problem), static _ => new Counter()).Add(count);

    public void ModelSwapped() => Interlocked.Increment(ref _swaps);

    public void ModelLoadFailed() => Interlocked.Increment(ref _loadFailures);

    public void RowLogged() => Interlocked.Increment(ref _loggedRows);

    public void RowDropped() => Interlocked.Increment(ref _droppedRows);

    public void SegmentWritten() => Interlocked.Increment(ref _segments);

    public void SegmentFailed() => Interlocked.Increment(ref _logFailures);

    private sealed class Counter
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);

        public void Add(long count) => Interlocked.Add(ref _value, count);
    }
}
