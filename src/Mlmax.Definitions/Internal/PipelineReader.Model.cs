using System.Globalization;
using Mlmax.Specs;

namespace Mlmax.Definitions.Internal;

/// <summary>Reading of the <c>model</c> section.</summary>
internal sealed partial class PipelineReader
{
    private const string ModelWhat = "a mapping { name, register, metrics, bundle, gates }";
    private const string GateWhat = "a gate mapping { metric, min, max, max_drop, max_rise, alias }";

    private static readonly string[] ModelKeys = ["name", "register", "metrics", "bundle", "gates"];
    private static readonly string[] GateBoundKeys = ["min", "max", "max_drop", "max_rise"];
    private static readonly string[] GateKeys = ["metric", .. GateBoundKeys, "alias"];

    private ModelSpec? ReadModel(MappingReader document)
    {
        var body = document.Nested("model", ModelKeys, ModelWhat);
        if (body is null)
        {
            return null;
        }

        var name = body.String("name", required: true, what: "the model's name in the registry") ?? string.Empty;
        return new ModelSpec(name, ReadBundle(body))
        {
            Register = body.Bool("register") ?? true,
            MetricsStep = body.String("metrics", what: "the name of the step whose metrics are recorded"),
            Gates = ReadGates(body),
        };
    }

    private Dictionary<string, StepOutputReference> ReadBundle(MappingReader body)
    {
        var result = new Dictionary<string, StepOutputReference>(StringComparer.Ordinal);
        if (!body.Has("bundle"))
        {
            body.ReportMissing("bundle", $"a mapping of roles to STEP.OUTPUT; role {string.Join(" and ", ModelSpec.RequiredRoles)} is required");
        }

        var section = body.Nested("bundle", null, "a mapping of roles to STEP.OUTPUT, e.g. model: train.model");
        if (section is null)
        {
            // The missing or malformed section is reported; the validator's missing-role errors would repeat it.
            foreach (var role in ModelSpec.RequiredRoles)
            {
                errors.Cover($"{body.PathOf("bundle")}.{role}");
            }

            return result;
        }

        foreach (var entry in section.Entries)
        {
            var role = entry.Key.Value;
            var path = section.PathOf(role);
            if (entry.Value is not YScalar { IsNull: false } scalar)
            {
                errors.Add(path, entry.Value.Start, $"bundle role '{role}' is not bound: expected STEP.OUTPUT, got {MappingReader.Describe(entry.Value)}");
                continue;
            }

            switch (DataReference.TryParse(scalar.Value))
            {
                case StepOutputReference output:
                    result.Add(role, output);
                    break;
                case PipelineInputReference:
                    errors.Add(path, scalar.Start, $"bundle role '{role}' takes a step's output (STEP.OUTPUT), not a pipeline input ('{scalar.Value}')");
                    break;
                default:
                    errors.Add(path, scalar.Start, $"invalid reference '{scalar.Value}': expected STEP.OUTPUT, e.g. train.model");
                    break;
            }
        }

        return result;
    }

    private List<PromotionGate> ReadGates(MappingReader body)
    {
        var result = new List<PromotionGate>();
        var path = body.PathOf("gates");
        switch (body.Get("gates"))
        {
            case null or YScalar { IsNull: true }:
                return result;
            case YSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    var item = sequence.Items[i];
                    var itemPath = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
                    errors.Locate(itemPath, item.Start);
                    if (MappingReader.AsMapping(item, itemPath, GateKeys, GateWhat, errors) is { } gate)
                    {
                        result.Add(ReadGate(gate));
                    }
                }

                return result;
            case var node:
                errors.Add(path, node.Start, $"expected a list of gates {{ metric, min, max, max_drop, max_rise, alias }}, got {MappingReader.Describe(node)}");
                return result;
        }
    }

    private PromotionGate ReadGate(MappingReader gate)
    {
        var read = new PromotionGate(gate.String("metric", required: true, what: "the metric's name, e.g. auc") ?? string.Empty)
        {
            Min = gate.Number("min"),
            Max = gate.Number("max"),
            MaxDrop = gate.Number("max_drop"),
            MaxRise = gate.Number("max_rise"),
            Alias = gate.String("alias", what: "an alias name, e.g. production"),
        };
        if (GateBoundKeys.Any(gate.Has))
        {
            // A bound is written; if it was unreadable, that is reported, and "no bound" would only repeat it.
            errors.Cover(gate.PathPrefix);
        }

        return read;
    }
}
