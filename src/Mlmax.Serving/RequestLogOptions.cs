using System.ComponentModel.DataAnnotations;

namespace Mlmax.Serving;

/// <summary>
/// Which served rows a <see cref="ModelServer"/> keeps in its request log, and how often it writes them out. With a
/// rate of 0 (the default) nothing about a request body is kept anywhere.
/// </summary>
public sealed record RequestLogOptions
{
    /// <summary>The share of served rows logged, from 0 (none) to 1 (every row); each row is drawn on its own.</summary>
    /// <value>Default 0: off.</value>
    [Range(0.0, 1.0, ErrorMessage = "the request log sampling rate must be from 0 (off) to 1 (every row)")]
    public double SampleRate { get; init; }

    /// <summary>A segment is written once this many rows wait.</summary>
    /// <value>Default 1,000.</value>
    [Range(1, 1_000_000)]
    public int FlushRows { get; init; } = 1_000;

    /// <summary>A segment is written once the oldest waiting row has waited this long.</summary>
    /// <value>Default 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The most rows waiting to be written; rows sampled while it is full are dropped (and counted), never waited for.</summary>
    /// <value>Default 10,000.</value>
    [Range(1, 10_000_000)]
    public int Capacity { get; init; } = 10_000;

    /// <summary>The seed of the sampling draws, for reproducible tests.</summary>
    /// <value>Default none: a random seed.</value>
    public int? Seed { get; init; }

    /// <summary>Whether any row is logged.</summary>
    public bool Enabled => SampleRate > 0;
}
