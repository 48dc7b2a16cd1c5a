namespace Mlmax.Registry;

/// <summary>One registered version of a model: a verified bundle produced by a training run.</summary>
public sealed record ModelVersionRecord
{
    /// <summary>The model's name.</summary>
    public required string Name { get; init; }

    /// <summary>The version number, from 1, per model.</summary>
    public required int Version { get; init; }

    /// <summary>The artifact holding the bundle manifest (<c>bundle.json</c>); its hash is verified before any load.</summary>
    public required string BundleArtifact { get; init; }

    /// <summary>Bundle role to artifact id (transform, model, ...).</summary>
    public required IReadOnlyDictionary<string, string> Components { get; init; }

    /// <summary>The training run that produced it.</summary>
    public required string RunId { get; init; }

    /// <summary>The metrics recorded with it.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>When it was registered.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Whether it was archived (no alias may point to it).</summary>
    public bool Archived { get; init; }

    /// <summary>The aliases currently pointing to it.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The reference <c>NAME:VERSION</c>.</summary>
    public string Reference => $"{Name}:{Version}";
}

/// <summary>A recorded registry decision: who did what, when, why, and what the gates said.</summary>
/// <param name="Name">The model.</param>
/// <param name="Action"><c>register</c>, <c>promote</c>, <c>reject</c>, <c>rollback</c> or <c>archive</c>.</param>
/// <param name="Alias">The alias concerned, if any.</param>
/// <param name="FromVersion">The alias's holder before, if any.</param>
/// <param name="ToVersion">The version concerned.</param>
/// <param name="Who">The user.</param>
/// <param name="At">When.</param>
/// <param name="Why">The reason given.</param>
/// <param name="Gates">The gate results, if gates were checked.</param>
public sealed record RegistryEvent(
    string Name,
    string Action,
    string? Alias,
    int? FromVersion,
    int? ToVersion,
    string Who,
    DateTimeOffset At,
    string? Why,
    IReadOnlyList<GateResult> Gates);

/// <summary>The outcome of one promotion gate.</summary>
/// <param name="Gate">The gate, as text (e.g. <c>auc &gt;= 0.7</c>).</param>
/// <param name="Passed">Whether it held.</param>
/// <param name="Detail">What was compared.</param>
public sealed record GateResult(string Gate, bool Passed, string Detail);
