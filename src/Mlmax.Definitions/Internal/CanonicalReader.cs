using System.Text.Json;
using Mlmax.Specs;

namespace Mlmax.Definitions.Internal;

/// <summary>Reads the canonical JSON written by <see cref="CanonicalWriter"/> back into a <see cref="PipelineSpec"/>.</summary>
internal static class CanonicalReader
{
    public static PipelineSpec Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var format = root.GetProperty("format").GetInt64();
            if (format != CanonicalWriter.Format)
            {
                throw new DefinitionException($"unsupported canonical format {format}; this version of mlmax reads format {CanonicalWriter.Format}");
            }

            return new PipelineSpec(
                root.GetProperty("name").GetString()!,
                [.. root.GetProperty("parameters").EnumerateObject().Select(Parameter)],
                [.. root.GetProperty("inputs").EnumerateObject().Select(Input)],
                [.. root.GetProperty("steps").EnumerateObject().Select(Step)])
            {
                Description = OptionalString(root, "description"),
                Model = root.TryGetProperty("model", out var model) && model.ValueKind != JsonValueKind.Null ? Model(model) : null,
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new DefinitionException($"not a canonical pipeline definition: {e.Message}", e);
        }
    }

    private static ParameterSpec Parameter(JsonProperty p) => new(
        p.Name,
        Enum.Parse<ParameterType>(p.Value.GetProperty("type").GetString()!, ignoreCase: true),
        Literal(p.Value.GetProperty("default")),
        OptionalString(p.Value, "description"));

    private static InputSpec Input(JsonProperty p)
    {
        ArtifactSource? from = null;
        if (OptionalString(p.Value, "from") is { } text)
        {
            var slash = text.Split('/');
            var reference = DataReference.TryParse(slash[^1]) as StepOutputReference
                ?? throw new FormatException($"invalid artifact source '{text}'");
            from = new ArtifactSource(slash[0], reference.Step, reference.Output);
        }

        return new InputSpec(
            p.Name,
            Enum.Parse<InputKind>(p.Value.GetProperty("type").GetString()!, ignoreCase: true),
            OptionalString(p.Value, "default"),
            from,
            OptionalString(p.Value, "description"));
    }

    private static StepSpec Step(JsonProperty p)
    {
        var s = p.Value;
        var retries = s.GetProperty("retries");
        var timeout = s.GetProperty("timeout_ms");
        var inProcess = s.GetProperty("in_process");
        return new StepSpec(
            p.Name,
            Runner(s.GetProperty("runner")),
            [.. s.GetProperty("inputs").EnumerateObject().Select(i => new InputBinding(
                i.Name,
                DataReference.TryParse(i.Value.GetString()!) ?? throw new FormatException($"invalid reference '{i.Value}'")))],
            [.. s.GetProperty("outputs").EnumerateObject().Select(o => new OutputSpec(o.Name, OptionalString(o.Value, "description")))],
            [.. s.GetProperty("parameters").EnumerateObject().Select(b => OptionalString(b.Value, "param") is { } parameter
                ? ParameterBinding.FromPipeline(b.Name, parameter)
                : new ParameterBinding(b.Name, Literal(b.Value.GetProperty("value"))))])
        {
            Retry = new RetryPolicy(retries.GetProperty("max_attempts").GetInt32(), TimeSpan.FromMilliseconds(retries.GetProperty("backoff_ms").GetInt64())),
            Timeout = timeout.ValueKind == JsonValueKind.Null ? null : TimeSpan.FromMilliseconds(timeout.GetInt64()),
            Cache = s.GetProperty("cache").GetBoolean(),
            Code = Strings(s.GetProperty("code")),
            InProcess = inProcess.ValueKind == JsonValueKind.Null ? null : inProcess.GetBoolean(),
            Pool = s.TryGetProperty("pool", out var pool) && pool.ValueKind != JsonValueKind.Null ? pool.GetString() : null,
            Partitions = s.TryGetProperty("partitions", out var partitions) && partitions.ValueKind != JsonValueKind.Null ? partitions.GetInt32() : null,
            Aws = s.TryGetProperty("aws", out var aws) && aws.ValueKind == JsonValueKind.Object ? Aws(aws) : null,
            Description = OptionalString(s, "description"),
        };
    }

    private static AwsJobSpec Aws(JsonElement aws) => new()
    {
        Job = aws.GetProperty("job").GetString() == "training" ? AwsJobKind.Training : AwsJobKind.Processing,
        InstanceType = OptionalString(aws, "instance_type"),
        InstanceCount = OptionalInt(aws, "instance_count"),
        VolumeSizeGb = OptionalInt(aws, "volume_size_gb"),
        MaxRuntime = aws.TryGetProperty("max_runtime_ms", out var m) && m.ValueKind == JsonValueKind.Number ? TimeSpan.FromMilliseconds(m.GetInt64()) : null,
        Image = OptionalString(aws, "image"),
    };

    private static int? OptionalInt(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private static ModelSpec Model(JsonElement model) => new(
        model.GetProperty("name").GetString()!,
        model.GetProperty("bundle").EnumerateObject().ToDictionary(
            b => b.Name,
            b => DataReference.TryParse(b.Value.GetString()!) as StepOutputReference ?? throw new FormatException($"invalid bundle reference '{b.Value}'"),
            StringComparer.Ordinal))
    {
        Register = model.GetProperty("register").GetBoolean(),
        MetricsStep = OptionalString(model, "metrics"),
        Gates = [.. model.GetProperty("gates").EnumerateArray().Select(g => new PromotionGate(g.GetProperty("metric").GetString()!)
        {
            Min = OptionalNumber(g, "min"),
            Max = OptionalNumber(g, "max"),
            MaxDrop = OptionalNumber(g, "max_drop"),
            MaxRise = OptionalNumber(g, "max_rise"),
            Alias = OptionalString(g, "alias"),
        })],
    };

    private static StepRunner Runner(JsonElement runner) => runner.GetProperty("kind").GetString() switch
    {
        "dotnet" => new DotnetRunner(runner.GetProperty("class").GetString()!),
        "python" => new PythonRunner(runner.GetProperty("script").GetString()!, Strings(runner.GetProperty("args"))),
        "command" => new CommandRunner(Strings(runner.GetProperty("command"))),
        "predict" => new PredictRunner(runner.GetProperty("model_parameter").GetString()!),
        var kind => throw new FormatException($"unknown runner kind '{kind}'"),
    };

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static string? OptionalString(JsonElement element, string name) =>
        element.GetProperty(name) is { ValueKind: JsonValueKind.Null } ? null : element.GetProperty(name).GetString();

    private static double? OptionalNumber(JsonElement element, string name) =>
        element.GetProperty(name) is { ValueKind: JsonValueKind.Null } ? null : element.GetProperty(name).GetDouble();

    private static object? Literal(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when element.GetRawText().AsSpan().IndexOfAny('.', 'e', 'E') >= 0 => element.GetDouble(),
        JsonValueKind.Number => element.GetInt64(),
        _ => throw new FormatException($"expected a literal, got {element.ValueKind}"),
    };
}
