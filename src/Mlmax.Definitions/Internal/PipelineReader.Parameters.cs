using Mlmax.Specs;

namespace Mlmax.Definitions.Internal;

/// <summary>Reading of the <c>parameters</c> and <c>inputs</c> sections.</summary>
internal sealed partial class PipelineReader
{
    private static readonly string[] ParameterKeys = ["type", "default", "description"];
    private static readonly string[] InputKeys = ["type", "default", "from", "description"];

    private static readonly Dictionary<string, ParameterType> ParameterTypes = new(StringComparer.Ordinal)
    {
        ["string"] = ParameterType.String,
        ["integer"] = ParameterType.Integer,
        ["number"] = ParameterType.Number,
        ["boolean"] = ParameterType.Boolean,
        ["model"] = ParameterType.Model,
    };

    private static readonly Dictionary<string, InputKind> InputKinds = new(StringComparer.Ordinal)
    {
        ["file"] = InputKind.File,
        ["directory"] = InputKind.Directory,
        ["artifact"] = InputKind.Artifact,
    };

    private List<ParameterSpec> ReadParameters(MappingReader? section)
    {
        var result = new List<ParameterSpec>();
        foreach (var entry in section?.Entries ?? [])
        {
            var path = section!.PathOf(entry.Key.Value);
            var body = MappingReader.AsMapping(entry.Value, path, ParameterKeys, "a mapping { type, default, description }", errors);
            if (body is null)
            {
                continue;
            }

            object? value = null;
            if (body.Get("default") is { } node)
            {
                if (node is YScalar { IsNull: false } scalar)
                {
                    value = YamlLiterals.Literal(scalar);
                }
                else if (node is not YScalar)
                {
                    errors.Add(body.PathOf("default"), node.Start, $"expected a single value, got {MappingReader.Describe(node)}");
                }
            }

            var type = ReadEnum(body, ParameterTypes, "parameter type") ?? value switch
            {
                long => ParameterType.Integer,
                double => ParameterType.Number,
                bool => ParameterType.Boolean,
                _ => ParameterType.String,
            };
            if (type == ParameterType.Number && value is long whole)
            {
                value = (double)whole;
            }

            result.Add(new ParameterSpec(entry.Key.Value, type, value, body.String("description")));
        }

        return result;
    }

    private List<InputSpec> ReadInputs(MappingReader? section)
    {
        var result = new List<InputSpec>();
        foreach (var entry in section?.Entries ?? [])
        {
            var path = section!.PathOf(entry.Key.Value);
            var body = MappingReader.AsMapping(entry.Value, path, InputKeys, "a mapping { type, default, from, description }", errors);
            if (body is null)
            {
                continue;
            }

            var kind = ReadEnum(body, InputKinds, "input type") ?? (body.Has("from") ? InputKind.Artifact : InputKind.File);
            ArtifactSource? from = null;
            if (body.String("from", what: "PIPELINE/STEP.OUTPUT") is { } text)
            {
                from = ParseArtifactSource(text);
                if (from is null)
                {
                    errors.Add(body.PathOf("from"), body.Get("from")!.Start, $"invalid artifact source '{text}': expected PIPELINE/STEP.OUTPUT, e.g. training/train.model");
                    errors.Cover(path);
                }
            }

            result.Add(new InputSpec(entry.Key.Value, kind, body.String("default", what: "a path"), from, body.String("description")));
        }

        return result;
    }

    private static ArtifactSource? ParseArtifactSource(string text)
    {
        var slash = text.Split('/');
        if (slash.Length != 2 || slash[0].Length == 0)
        {
            return null;
        }

        return DataReference.TryParse(slash[1]) is StepOutputReference output
            ? new ArtifactSource(slash[0], output.Step, output.Output)
            : null;
    }

    private T? ReadEnum<T>(MappingReader body, Dictionary<string, T> names, string label)
        where T : struct
    {
        if (!body.Has("type"))
        {
            body.ReportMissing("type", string.Join(", ", names.Keys));
            return null;
        }

        var text = body.String("type", what: $"a {label}");
        if (text is null)
        {
            return null;
        }

        if (names.TryGetValue(text, out var value))
        {
            return value;
        }

        errors.Add(body.PathOf("type"), body.Get("type")!.Start, $"unknown {label} '{text}' {Suggestions.Of(text, "valid types", names.Keys)}");
        return null;
    }
}
