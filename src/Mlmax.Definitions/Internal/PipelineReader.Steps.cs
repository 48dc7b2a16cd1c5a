using Mlmax.Specs;

namespace Mlmax.Definitions.Internal;

/// <summary>Reading of the <c>steps</c> section.</summary>
internal sealed partial class PipelineReader
{
    private static readonly string[] StepKeys =
        ["dotnet", "python", "command", "predict", "args", "inputs", "outputs", "parameters", "retries", "timeout", "cache", "code", "in_process", "pool", "partitions", "aws", "description"];

    private static readonly string[] RunnerKeys = ["dotnet", "python", "command", "predict"];
    private static readonly string[] RetryKeys = ["max_attempts", "backoff"];
    private static readonly string[] AwsKeys = ["job", "instance_type", "instance_count", "volume_size_gb", "max_runtime", "image"];
    private static readonly TimeSpan DefaultBackoff = TimeSpan.FromSeconds(1);

    private List<StepSpec> ReadSteps(MappingReader? section)
    {
        var result = new List<StepSpec>();
        foreach (var entry in section?.Entries ?? [])
        {
            var body = MappingReader.AsMapping(entry.Value, section!.PathOf(entry.Key.Value), StepKeys, "a step mapping (dotnet, python or command; inputs; outputs; ...)", errors);
            if (body is not null)
            {
                result.Add(ReadStep(entry.Key.Value, body));
            }
        }

        return result;
    }

    private StepSpec ReadStep(string name, MappingReader body)
    {
        var step = new StepSpec(name, ReadRunner(body), ReadStepInputs(body), ReadOutputs(body), ReadStepParameters(body))
        {
            Timeout = body.Duration("timeout"),
            Cache = body.Bool("cache") ?? true,
            Code = body.StringList("code", allowScalar: true) ?? [],
            InProcess = body.Bool("in_process"),
            Pool = body.String("pool", what: "a worker pool name, e.g. gpu"),
            Partitions = (int?)body.Integer("partitions", 1, PipelineValidator.MaxPartitions),
            Aws = ReadAws(body),
            Description = body.String("description"),
        };
        return ReadRetry(body) is { } retry ? step with { Retry = retry } : step;
    }

    private StepRunner ReadRunner(MappingReader body)
    {
        var present = body.Entries.Select(e => e.Key.Value).Where(RunnerKeys.Contains).ToList();
        var args = body.StringList("args", allowScalar: true) ?? [];
        if (present.Count != 1)
        {
            var found = present.Count == 0 ? "none" : string.Join(" and ", present);
            var at = present.Count == 0 ? errors.Where(body.PathPrefix, body.Mapping.Start) : body.Entries.First(e => e.Key.Value == present[1]).Key.Start;
            errors.Add(body.PathPrefix, at, $"a step needs exactly one of dotnet (a class name), python (a script), command (a program and its arguments) or predict (${{params.MODEL}}, mlmax's batch scorer); found {found}");
        }

        var kind = present.FirstOrDefault();
        if (kind is "dotnet" or "predict" && body.Has("args"))
        {
            errors.Add(body.PathOf("args"), body.Get("args")!.Start, $"args are only for python and command steps; a {kind} step receives its parameters instead");
        }

        return kind switch
        {
            "python" => new PythonRunner(body.String("python", what: "a script path") ?? string.Empty, args),
            "command" => new CommandRunner([.. body.StringList("command", allowScalar: true) ?? [], .. args]),
            "dotnet" => new DotnetRunner(body.String("dotnet", what: "a class name") ?? string.Empty),
            "predict" => ReadPredict(body),
            _ => new DotnetRunner("?"),
        };
    }

    /// <summary><c>predict: ${params.NAME}</c>: the parameter (of type model) naming the version to score with.</summary>
    private PredictRunner ReadPredict(MappingReader body)
    {
        var text = body.String("predict", what: "${params.NAME}, a parameter of type model") ?? string.Empty;
        var match = System.Text.RegularExpressions.Regex.Match(text, @"^\$\{params\.([A-Za-z_][A-Za-z0-9_]*)\}$");
        if (!match.Success && text.Length > 0)
        {
            errors.Add(body.PathOf("predict"), body.Get("predict")!.Start,
                $"expected ${{params.NAME}} naming a parameter of type model (e.g. parameters: {{ model: {{ type: model, default: census@production }} }}), got '{text}'");
        }

        return new PredictRunner(match.Success ? match.Groups[1].Value : text);
    }

    private List<InputBinding> ReadStepInputs(MappingReader body)
    {
        var result = new List<InputBinding>();
        var section = body.Nested("inputs", null, "a mapping of input names to inputs.NAME or STEP.OUTPUT");
        foreach (var entry in section?.Entries ?? [])
        {
            var path = section!.PathOf(entry.Key.Value);
            if (entry.Value is not YScalar { IsNull: false } scalar)
            {
                errors.Add(path, entry.Value.Start, $"input '{entry.Key.Value}' is not bound: expected inputs.NAME or STEP.OUTPUT, got {MappingReader.Describe(entry.Value)}");
                continue;
            }

            if (DataReference.TryParse(scalar.Value) is { } source)
            {
                result.Add(new InputBinding(entry.Key.Value, source));
            }
            else
            {
                errors.Add(path, scalar.Start, $"invalid reference '{scalar.Value}': expected inputs.NAME (a pipeline input) or STEP.OUTPUT (another step's output)");
            }
        }

        return result;
    }

    private List<OutputSpec> ReadOutputs(MappingReader body)
    {
        var result = new List<OutputSpec>();
        var node = body.Get("outputs");
        var path = body.PathOf("outputs");
        if (node is YSequence sequence)
        {
            foreach (var item in sequence.Items)
            {
                if (item is YScalar { IsNull: false } scalar)
                {
                    errors.Locate($"{path}.{scalar.Value}", scalar.Start);
                    result.Add(new OutputSpec(scalar.Value));
                }
                else
                {
                    errors.Add(path, item.Start, $"expected an output name, got {MappingReader.Describe(item)}");
                }
            }
        }
        else if (node is not null && body.Nested("outputs", null, "a list of output names or a mapping of names to descriptions") is { } map)
        {
            foreach (var entry in map.Entries)
            {
                var description = entry.Value switch
                {
                    YScalar { IsNull: true } => null,
                    YScalar scalar => scalar.Value,
                    _ => null,
                };
                if (entry.Value is not YScalar)
                {
                    errors.Add(map.PathOf(entry.Key.Value), entry.Value.Start, $"expected a description, got {MappingReader.Describe(entry.Value)}");
                }

                result.Add(new OutputSpec(entry.Key.Value, description));
            }
        }

        return result;
    }

    private List<ParameterBinding> ReadStepParameters(MappingReader body)
    {
        var result = new List<ParameterBinding>();
        var section = body.Nested("parameters", null, "a mapping of parameter names to values or ${params.NAME}");
        foreach (var entry in section?.Entries ?? [])
        {
            var path = section!.PathOf(entry.Key.Value);
            if (entry.Value is not YScalar { IsNull: false } scalar)
            {
                errors.Add(path, entry.Value.Start, $"expected a value (string, number, true/false) or ${{params.NAME}}, got {MappingReader.Describe(entry.Value)}");
                continue;
            }

            if (ParameterReferences.TryParse(scalar.Value) is { } parameter)
            {
                result.Add(ParameterBinding.FromPipeline(entry.Key.Value, parameter));
            }
            else if (ParameterReferences.LooksLikeReference(scalar.Value))
            {
                errors.Add(path, scalar.Start, $"invalid parameter reference '{scalar.Value}': a reference is the whole value, written ${{params.NAME}}");
            }
            else
            {
                result.Add(new ParameterBinding(entry.Key.Value, YamlLiterals.Literal(scalar)));
            }
        }

        return result;
    }

    /// <summary><c>aws: { job, instance_type, instance_count, volume_size_gb, max_runtime, image }</c>.</summary>
    private AwsJobSpec? ReadAws(MappingReader body)
    {
        var map = body.Nested("aws", AwsKeys, "a mapping of SageMaker job settings (job, instance_type, instance_count, volume_size_gb, max_runtime, image)");
        if (map is null)
        {
            return null;
        }

        var job = map.String("job", what: "processing or training");
        var kind = job switch
        {
            null or "processing" => AwsJobKind.Processing,
            "training" => AwsJobKind.Training,
            _ => (AwsJobKind?)null,
        };
        if (kind is null)
        {
            errors.Add(map.PathOf("job"), map.Get("job")!.Start, $"unknown job '{job}': expected processing (a SageMaker processing job) or training (a SageMaker training job)");
        }

        return new AwsJobSpec
        {
            Job = kind ?? AwsJobKind.Processing,
            InstanceType = map.String("instance_type", what: "a SageMaker instance type, e.g. ml.m5.xlarge"),
            InstanceCount = (int?)map.Integer("instance_count", 1, PipelineValidator.MaxAwsInstances),
            VolumeSizeGb = (int?)map.Integer("volume_size_gb", 1, PipelineValidator.MaxAwsVolumeGb),
            MaxRuntime = map.Duration("max_runtime"),
            Image = map.String("image", what: "a container image URI"),
        };
    }

    private RetryPolicy? ReadRetry(MappingReader body)
    {
        switch (body.Get("retries"))
        {
            case null:
                return null;
            case YScalar:
                return body.Integer("retries", 0) is { } retries
                    ? retries == 0 ? RetryPolicy.None : new RetryPolicy((int)Math.Min(retries + 1, int.MaxValue), DefaultBackoff)
                    : null;
            default:
                var map = body.Nested("retries", RetryKeys, "a number of retries or { max_attempts, backoff }");
                if (map is null)
                {
                    return null;
                }

                var attempts = map.Integer("max_attempts", 1) ?? 1;
                return new RetryPolicy((int)Math.Min(attempts, int.MaxValue), map.Duration("backoff") ?? DefaultBackoff);
        }
    }
}
