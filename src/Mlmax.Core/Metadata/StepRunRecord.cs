namespace Mlmax.Metadata;

/// <summary>One step of one run as recorded in the metadata store.</summary>
public sealed record StepRunRecord
{
    /// <summary>The step run's id: <c>RUN/STEP</c>.</summary>
    public string Id => $"{RunId}/{Step}";

    /// <summary>The run.</summary>
    public required string RunId { get; init; }

    /// <summary>The step's name.</summary>
    public required string Step { get; init; }

    /// <summary>Its status.</summary>
    public RunStatus Status { get; init; } = RunStatus.Pending;

    /// <summary>Attempts made.</summary>
    public int Attempts { get; init; }

    /// <summary>When it started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The cache key: hash of code, parameters, inputs and environment.</summary>
    public string? CacheKey { get; init; }

    /// <summary>The parts of the cache key as JSON (code file hashes, parameters, input ids, environment) for <c>--explain</c> and lineage.</summary>
    public string? CacheKeyPartsJson { get; init; }

    /// <summary>For a cached step run: the step run whose outputs it reused.</summary>
    public string? ReusedFrom { get; init; }

    /// <summary>Why it failed.</summary>
    public string? Error { get; init; }

    /// <summary>Input name to artifact id.</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>();

    /// <summary>Output name to artifact id.</summary>
    public IReadOnlyDictionary<string, string> Outputs { get; init; } = new Dictionary<string, string>();

    /// <summary>Metrics the step reported.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Its log file, relative to the project's store directory.</summary>
    public string? LogPath { get; init; }
}
