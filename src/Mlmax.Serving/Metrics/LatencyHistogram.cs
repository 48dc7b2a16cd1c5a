namespace Mlmax.Serving.Metrics;

/// <summary>A lock-free latency histogram with fixed buckets (seconds), as Prometheus expects it.</summary>
internal sealed class LatencyHistogram
{
    /// <summary>The buckets' upper bounds in seconds; <c>+Inf</c> is implied.</summary>
    public static IReadOnlyList<double> Bounds { get; } = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly long[] _counts = new long[Bounds.Count + 1];
    private long _sumTicks;

    /// <summary>Records one observation.</summary>
    /// <param name="elapsed">The latency.</param>
    public void Observe(TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        var bucket = 0;
        while (bucket < Bounds.Count && seconds > Bounds[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Add(ref _sumTicks, elapsed.Ticks);
    }

    /// <summary>A consistent-enough copy: cumulative counts per bound (the last is <c>+Inf</c>, i.e. the total) and the sum in seconds.</summary>
    /// <returns>The snapshot.</returns>
    public (long[] Cumulative, double SumSeconds) Snapshot()
    {
        var cumulative = new long[_counts.Length];
        long running = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            running += Interlocked.Read(ref _counts[i]);
            cumulative[i] = running;
        }

        return (cumulative, TimeSpan.FromTicks(Interlocked.Read(ref _sumTicks)).TotalSeconds);
    }
}
