namespace Mlmax.Specs;

/// <summary>
/// What a training pipeline registers as a model version after each successful run: which step outputs form the
/// bundle (the model, the fitted preprocessing unless the model holds it, and optionally the input schema and baseline statistics), whose
/// metrics are recorded with it, and the gates a version must pass to be promoted.
/// </summary>
/// <param name="Name">The model's name in the registry (e.g. <c>census</c>).</param>
/// <param name="Bundle">Bundle role (<c>transform</c>, <c>model</c>, <c>schema</c>, <c>baseline</c>, ...) to the step output that fills it.</param>
public sealed record ModelSpec(string Name, IReadOnlyDictionary<string, StepOutputReference> Bundle)
{
    /// <summary>
    /// The roles every bundle must have: the model. An ML.NET bundle also needs <c>transform</c> (the fitted
    /// preprocessing); an ONNX model holds its preprocessing in its graph.
    /// </summary>
    public static IReadOnlyList<string> RequiredRoles { get; } = ["model"];

    /// <summary>Register a new version after every successful run. <value><see langword="true"/></value></summary>
    public bool Register { get; init; } = true;

    /// <summary>The step whose metrics are recorded with the version (e.g. <c>evaluate</c>); <see langword="null"/> for none.</summary>
    public string? MetricsStep { get; init; }

    /// <summary>Gates checked when a version is promoted to an alias.</summary>
    public IReadOnlyList<PromotionGate> Gates { get; init; } = [];
}

/// <summary>
/// A promotion gate on one metric: absolute bounds, and bounds relative to the version currently holding the alias.
/// Every bound given must hold.
/// </summary>
/// <param name="Metric">The metric's name (e.g. <c>auc</c>).</param>
public sealed record PromotionGate(string Metric)
{
    /// <summary>The metric must be at least this.</summary>
    public double? Min { get; init; }

    /// <summary>The metric must be at most this.</summary>
    public double? Max { get; init; }

    /// <summary>The metric must not fall more than this below the current holder's (e.g. 0.01 for AUC).</summary>
    public double? MaxDrop { get; init; }

    /// <summary>The metric must not rise more than this above the current holder's (for losses).</summary>
    public double? MaxRise { get; init; }

    /// <summary>Only for promotions to this alias; <see langword="null"/> for every alias.</summary>
    public string? Alias { get; init; }
}
