using System.Collections.Immutable;
using Mlmax.Specs;

namespace Mlmax.Definitions;

/// <summary>Configures the model section for <see cref="PipelineBuilder.Model(string, Func{ModelBuilder, ModelBuilder})"/>.
/// Immutable: every call returns a new builder. Problems (such as a malformed reference or a role bound twice) are
/// reported by <see cref="PipelineBuilder.Build"/>.</summary>
/// <example>
/// <code>
/// .Model("census", m => m
///     .Bundle("transform", "preprocess.transform")
///     .Bundle("model", "train.model")
///     .Metrics("evaluate")
///     .Gate("auc", min: 0.6)
///     .Gate("auc", maxDrop: 0.02, alias: "production"))
/// </code>
/// </example>
public sealed class ModelBuilder
{
    private const string Key = "model";

    private ModelBuilder(ModelSpec spec, ImmutableList<DefinitionError> pending)
    {
        Spec = spec;
        Pending = pending;
    }

    internal ModelBuilder(string name)
        : this(new ModelSpec(name, ImmutableSortedDictionary<string, StepOutputReference>.Empty.WithComparers(StringComparer.Ordinal)), [])
    {
    }

    internal ModelSpec Spec { get; }

    internal ImmutableList<DefinitionError> Pending { get; }

    /// <summary>Fills a bundle role with a step output written <c>STEP.OUTPUT</c>.</summary>
    /// <param name="role">The role: <c>transform</c>, <c>model</c>, <c>schema</c>, <c>baseline</c>, ...</param>
    /// <param name="reference">The step output, e.g. <c>train.model</c>.</param>
    /// <returns>A new builder.</returns>
    public ModelBuilder Bundle(string role, string reference) =>
        DataReference.TryParse(reference) is StepOutputReference output
            ? Bundle(role, output)
            : Fail($"bundle.{role}", $"invalid reference '{reference}': expected STEP.OUTPUT, e.g. train.model");

    /// <summary>Fills a bundle role with a step output.</summary>
    /// <param name="role">The role.</param>
    /// <param name="output">The step output.</param>
    /// <returns>A new builder.</returns>
    public ModelBuilder Bundle(string role, StepOutputReference output) =>
        Spec.Bundle.ContainsKey(role)
            ? Fail($"bundle.{role}", $"bundle role '{role}' is bound twice")
            : With(Spec with { Bundle = Spec.Bundle.ToImmutableSortedDictionary(StringComparer.Ordinal).Add(role, output) });

    /// <summary>Turns registration of a version after each successful run on or off (on by default).</summary>
    /// <param name="register">Whether to register.</param>
    /// <returns>A new builder.</returns>
    public ModelBuilder Register(bool register) => With(Spec with { Register = register });

    /// <summary>Names the step whose metrics are recorded with each version.</summary>
    /// <param name="step">The step, e.g. <c>evaluate</c>.</param>
    /// <returns>A new builder.</returns>
    public ModelBuilder Metrics(string step) => With(Spec with { MetricsStep = step });

    /// <summary>Adds a promotion gate on one metric; give at least one bound.</summary>
    /// <param name="metric">The metric, e.g. <c>auc</c>.</param>
    /// <param name="min">The least value allowed.</param>
    /// <param name="max">The greatest value allowed.</param>
    /// <param name="maxDrop">The most the metric may fall below the alias's current version.</param>
    /// <param name="maxRise">The most the metric may rise above the alias's current version.</param>
    /// <param name="alias">Only for promotions to this alias; <see langword="null"/> for every alias.</param>
    /// <returns>A new builder.</returns>
    public ModelBuilder Gate(string metric, double? min = null, double? max = null, double? maxDrop = null, double? maxRise = null, string? alias = null) =>
        Gate(new PromotionGate(metric) { Min = min, Max = max, MaxDrop = maxDrop, MaxRise = maxRise, Alias = alias });

    /// <summary>Adds a promotion gate as it is.</summary>
    /// <param name="gate">The gate.</param>
    /// <returns>A new builder.</returns>
    public ModelBuilder Gate(PromotionGate gate) => With(Spec with { Gates = [.. Spec.Gates, gate] });

    private ModelBuilder With(ModelSpec spec) => new(spec, Pending);

    private ModelBuilder Fail(string key, string message) =>
        new(Spec, Pending.Add(new DefinitionError(string.Empty, 0, 0, $"{Key}.{key}", message)));
}
