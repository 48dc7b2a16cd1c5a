using System.Globalization;
using Mlmax.Definitions.Internal;
using Mlmax.Specs;

namespace Mlmax.Definitions;

/// <summary>Rules for the model section: registry names, the bundle's roles and references, the metrics step and the gates.</summary>
public sealed partial class PipelineValidator
{
    private static void ValidateModel(PipelineSpec spec, Action<string, string> add)
    {
        if (spec.Model is not { } model)
        {
            return;
        }

        if (!Names.IsValidRegistryName(model.Name))
        {
            add("model.name", Names.InvalidRegistryName("model", model.Name));
        }

        ValidateBundle(spec, model, add);
        if (model.MetricsStep is { } metrics && spec.FindStep(metrics) is null)
        {
            add("model.metrics", $"unknown step '{metrics}' {Suggestions.Of(metrics, "steps", spec.Steps.Select(s => s.Name))}");
        }

        for (var i = 0; i < model.Gates.Count; i++)
        {
            ValidateGate(model.Gates[i], string.Create(CultureInfo.InvariantCulture, $"model.gates[{i}]"), add);
        }
    }

    private static void ValidateBundle(PipelineSpec spec, ModelSpec model, Action<string, string> add)
    {
        foreach (var role in ModelSpec.RequiredRoles.Where(r => !model.Bundle.ContainsKey(r)))
        {
            add($"model.bundle.{role}", $"the bundle needs role '{role}' (required: {string.Join(", ", ModelSpec.RequiredRoles)}), bound to STEP.OUTPUT");
        }

        foreach (var (role, output) in model.Bundle.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            var key = $"model.bundle.{role}";
            if (!Names.IsValid(role))
            {
                add(key, Names.Invalid("bundle role", role));
            }

            if (ReferenceProblem(spec, null, output) is { } problem)
            {
                add(key, problem);
            }
        }
    }

    private static void ValidateGate(PromotionGate gate, string key, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(gate.Metric))
        {
            add($"{key}.metric", "expected the name of a metric the metrics step records, e.g. auc");
        }

        if (gate is { Min: null, Max: null, MaxDrop: null, MaxRise: null })
        {
            add(key, $"gate on '{gate.Metric}' has no bound: give at least one of min, max, max_drop or max_rise");
        }

        foreach (var (name, value) in new[] { ("min", gate.Min), ("max", gate.Max), ("max_drop", gate.MaxDrop), ("max_rise", gate.MaxRise) })
        {
            if (value is not { } v)
            {
                continue;
            }

            if (!double.IsFinite(v))
            {
                add($"{key}.{name}", $"{name} must be a finite number, got {Format(v)}");
            }
            else if (v < 0 && name is "max_drop" or "max_rise")
            {
                add($"{key}.{name}", $"{name} must be zero or positive (the change allowed against the version holding the alias), got {Format(v)}");
            }
        }

        if (gate is { Min: { } min, Max: { } max } && min > max)
        {
            add($"{key}.max", $"max {Format(max)} is less than min {Format(min)}: no value could pass");
        }

        if (gate.Alias is { } alias && !Names.IsValidRegistryName(alias))
        {
            add($"{key}.alias", Names.InvalidRegistryName("alias", alias));
        }
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
