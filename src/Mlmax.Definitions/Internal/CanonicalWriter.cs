using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Mlmax.Specs;

namespace Mlmax.Definitions.Internal;

/// <summary>Writes the canonical JSON described on <see cref="CanonicalForm"/>: builds a tree of sorted objects, then writes it.</summary>
internal static class CanonicalWriter
{
    public const int Format = 1;

    public static string Write(PipelineSpec spec)
    {
        var root = Obj(
            ("format", (long)Format),
            ("name", spec.Name),
            ("description", spec.Description),
            ("parameters", Named(spec.Parameters, p => p.Name, p => Obj(
                ("type", p.Type.ToString().ToLowerInvariant()),
                ("default", p.Default),
                ("description", p.Description)))),
            ("inputs", Named(spec.Inputs, i => i.Name, i => Obj(
                ("type", i.Kind.ToString().ToLowerInvariant()),
                ("default", i.Default),
                ("from", i.From?.ToString()),
                ("description", i.Description)))),
            ("steps", Named(spec.Steps, s => s.Name, Step)));

        // Absent rather than null, so that pipelines without a model keep the versions they had before the key existed.
        if (spec.Model is { } model)
        {
            root.Add("model", Model(model));
        }

        return Text(root);
    }

    private static string Text(object? value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteValue(writer, value);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The model section; gates are all checked, so their order carries no meaning and they are sorted by their own canonical text.</summary>
    private static SortedDictionary<string, object?> Model(ModelSpec model) => Obj(
        ("name", model.Name),
        ("register", model.Register),
        ("metrics", model.MetricsStep),
        ("bundle", Named(model.Bundle, b => b.Key, b => b.Value.ToString())),
        ("gates", model.Gates
            .Select(g => Obj(("metric", g.Metric), ("min", g.Min), ("max", g.Max), ("max_drop", g.MaxDrop), ("max_rise", g.MaxRise), ("alias", g.Alias)))
            .OrderBy(Text, StringComparer.Ordinal)
            .Cast<object?>()
            .ToList()));

    private static SortedDictionary<string, object?> Step(StepSpec step)
    {
        var result = Obj(
            ("runner", Runner(step.Runner)),
            ("inputs", Named(step.Inputs, i => i.Name, i => i.Source.ToString())),
            ("outputs", Named(step.Outputs, o => o.Name, o => Obj(("description", o.Description)))),
            ("parameters", Named(step.Parameters, p => p.Name, p => Obj(("param", p.PipelineParameter), ("value", p.Value)))),
            ("retries", Obj(("max_attempts", (long)step.Retry.MaxAttempts), ("backoff_ms", Milliseconds(step.Retry.Backoff)))),
            ("timeout_ms", step.Timeout is { } t ? Milliseconds(t) : null),
            ("cache", step.Cache),
            ("code", step.Code.Cast<object?>().ToList()),
            ("in_process", step.InProcess),
            ("description", step.Description));

        // Absent rather than null, so that steps without them keep the versions they had before the keys existed;
        // pool: default is the same as no pool, so it is left out too.
        if (step.EffectivePool != StepSpec.DefaultPool)
        {
            result.Add("pool", step.Pool);
        }

        if (step.Partitions is { } partitions)
        {
            result.Add("partitions", (long)partitions);
        }

        if (step.Aws is { } aws)
        {
            result.Add("aws", Obj(
                ("job", aws.Job == AwsJobKind.Training ? "training" : "processing"),
                ("instance_type", aws.InstanceType),
                ("instance_count", (long?)aws.InstanceCount),
                ("volume_size_gb", (long?)aws.VolumeSizeGb),
                ("max_runtime_ms", aws.MaxRuntime is { } m ? Milliseconds(m) : null),
                ("image", aws.Image)));
        }

        return result;
    }

    private static SortedDictionary<string, object?> Runner(StepRunner runner) => runner switch
    {
        DotnetRunner d => Obj(("kind", "dotnet"), ("class", d.TypeName)),
        PythonRunner p => Obj(("kind", "python"), ("script", p.Script), ("args", p.Arguments.Cast<object?>().ToList())),
        CommandRunner c => Obj(("kind", "command"), ("command", c.Command.Cast<object?>().ToList())),
        PredictRunner r => Obj(("kind", "predict"), ("model_parameter", r.ModelParameter)),
        _ => throw new ArgumentException($"unknown runner {runner.GetType().Name}", nameof(runner)),
    };

    private static object Milliseconds(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMillisecond;

    private static SortedDictionary<string, object?> Obj(params (string Key, object? Value)[] properties)
    {
        var result = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in properties)
        {
            result.Add(key, value);
        }

        return result;
    }

    private static SortedDictionary<string, object?> Named<T>(IEnumerable<T> items, Func<T, string> name, Func<T, object?> value)
    {
        var result = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            result.Add(name(item), value(item));
        }

        return result;
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d:
                writer.WriteRawValue(FormatDouble(d));
                break;
            case SortedDictionary<string, object?> obj:
                writer.WriteStartObject();
                foreach (var (key, item) in obj)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item);
                }

                writer.WriteEndObject();
                break;
            case List<object?> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"unsupported literal of type {value.GetType().Name}", nameof(value));
        }
    }

    /// <summary>Shortest round-trip form, always with a fraction or exponent so it reads back as a double.</summary>
    internal static string FormatDouble(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }
}
