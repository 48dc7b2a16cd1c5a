using System.Globalization;
using Mlmax.Definitions.Internal;
using Mlmax.Specs;

namespace Mlmax.Definitions;

/// <summary>Checks the semantic rules of a <see cref="PipelineSpec"/>, however it was built: names, duplicates,
/// references, parameter types, runner options, cycles and the model section. Errors carry key paths (such as
/// <c>steps.train.inputs.model</c>) but no file position; <see cref="PipelineLoader"/> places them in the file.</summary>
public sealed partial class PipelineValidator
{
    /// <summary>Validates <paramref name="spec"/>.</summary>
    /// <param name="spec">The pipeline.</param>
    /// <returns>Every error found; empty when the pipeline is valid.</returns>
    public IReadOnlyList<DefinitionError> Validate(PipelineSpec spec)
    {
        var errors = new List<DefinitionError>();
        void Add(string key, string message) => errors.Add(new DefinitionError(string.Empty, 0, 0, key, message));

        if (!Names.IsValid(spec.Name))
        {
            Add("name", Names.Invalid("pipeline", spec.Name));
        }

        ValidateParameters(spec, Add);
        ValidateInputs(spec, Add);
        ValidateSteps(spec, Add);
        ValidateCycles(spec, Add);
        ValidateModel(spec, Add);
        ValidateSchedules(spec, Add);
        return errors;
    }

    private static void ValidateParameters(PipelineSpec spec, Action<string, string> add)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parameter in spec.Parameters)
        {
            var key = $"parameters.{parameter.Name}";
            CheckName(parameter.Name, "parameter", key, seen, add);
            if (parameter.Default is not null && TypeMismatch(parameter.Type, parameter.Default) is { } problem)
            {
                add($"{key}.default", problem);
            }
        }
    }

    private static void ValidateInputs(PipelineSpec spec, Action<string, string> add)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in spec.Inputs)
        {
            var key = $"inputs.{input.Name}";
            CheckName(input.Name, "input", key, seen, add);
            if (input.Kind == InputKind.Artifact && input.From is null)
            {
                add(key, $"artifact input '{input.Name}' needs 'from: PIPELINE/STEP.OUTPUT' naming the output it is taken from");
            }
            else if (input.Kind != InputKind.Artifact && input.From is not null)
            {
                add($"{key}.from", $"'from' is only for inputs of type artifact; '{input.Name}' is of type {input.Kind.ToString().ToLowerInvariant()}");
            }

            if (input.From is { } from && !(Names.IsValid(from.Pipeline) && Names.IsValid(from.Step) && Names.IsValid(from.Output)))
            {
                add($"{key}.from", $"invalid artifact source '{from}': PIPELINE/STEP.OUTPUT with each part matching {Names.Pattern}");
            }
        }
    }

    /// <summary>Checks a name's form and uniqueness; reports at <paramref name="key"/>.</summary>
    private static void CheckName(string name, string kind, string key, HashSet<string> seen, Action<string, string> add)
    {
        if (!Names.IsValid(name))
        {
            add(key, Names.Invalid(kind, name));
        }

        if (!seen.Add(name))
        {
            add(key, $"duplicate {kind} '{name}'");
        }
    }

    /// <summary>Why <paramref name="value"/> does not fit <paramref name="type"/>, or <see langword="null"/> when it does.</summary>
    internal static string? TypeMismatch(ParameterType type, object value)
    {
        var fits = (type, value) switch
        {
            (ParameterType.String, string) => true,
            (ParameterType.Integer, long) => true,
            (ParameterType.Number, long) => true,
            (ParameterType.Number, double d) => double.IsFinite(d),
            (ParameterType.Boolean, bool) => true,
            (ParameterType.Model, string) => true,
            _ => false,
        };
        if (fits)
        {
            return null;
        }

        var expected = type switch
        {
            ParameterType.String => "a string (quote numbers and booleans to make them strings)",
            ParameterType.Integer => "a whole number",
            ParameterType.Number => "a finite number",
            ParameterType.Model => "a model reference: NAME, NAME:VERSION or NAME@ALIAS",
            _ => "true or false",
        };
        return $"default {Literal(value)} does not match type {type.ToString().ToLowerInvariant()}: expected {expected}";
    }

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
