using Mlmax.Definitions.Internal;
using Mlmax.Specs;

namespace Mlmax.Definitions;

/// <summary>Rules for steps: names, runners, wiring, parameters, run policy and placement on a worker fleet.</summary>
public sealed partial class PipelineValidator
{
    /// <summary>The most parts a predict step's data input may be split into.</summary>
    internal const int MaxPartitions = 1000;
    internal const int MaxAwsInstances = 100;
    internal const int MaxAwsVolumeGb = 16384;

    /// <summary>SageMaker's longest job: 28 days.</summary>
    internal static readonly TimeSpan MaxAwsRuntime = TimeSpan.FromDays(28);

    private static void ValidateSteps(PipelineSpec spec, Action<string, string> add)
    {
        if (spec.Steps.Count == 0)
        {
            add("steps", "a pipeline needs at least one step");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in spec.Steps)
        {
            var key = $"steps.{step.Name}";
            CheckName(step.Name, "step", key, seen, add);
            if (Names.ReservedStepNames.Contains(step.Name))
            {
                add(key, $"'{step.Name}' is reserved and cannot name a step (reserved: {string.Join(", ", Names.ReservedStepNames)})");
            }

            ValidateRunner(step, key, add);
            if (step.Runner is PredictRunner predict)
            {
                ValidatePredict(spec, step, predict, key, add);
            }

            ValidateWiring(spec, step, key, add);
            ValidateStepParameters(spec, step, key, add);
            ValidatePolicy(step, key, add);
            ValidatePlacement(step, key, add);
            ValidateAws(step, key, add);
        }
    }

    private static void ValidateRunner(StepSpec step, string key, Action<string, string> add)
    {
        switch (step.Runner)
        {
            case DotnetRunner { TypeName: var type } when string.IsNullOrWhiteSpace(type):
                add($"{key}.dotnet", "expected the full name of a class implementing Mlmax.Steps.IStep");
                break;
            case PythonRunner { Script: var script } when string.IsNullOrWhiteSpace(script):
                add($"{key}.python", "expected the path of a Python script, relative to the project");
                break;
            case CommandRunner { Command: var command } when command.Count == 0 || string.IsNullOrWhiteSpace(command[0]):
                add($"{key}.command", "expected a program and its arguments, e.g. [python3, src/x.py]");
                break;
        }

        if (step.InProcess is not null && step.Runner is not DotnetRunner)
        {
            add($"{key}.in_process", "in_process is only for dotnet steps");
        }
    }

    /// <summary>A predict step names a model parameter, reads <c>data</c>, writes <c>predictions</c> and takes only its own parameters.</summary>
    private static void ValidatePredict(PipelineSpec spec, StepSpec step, PredictRunner predict, string key, Action<string, string> add)
    {
        var parameter = spec.Parameters.FirstOrDefault(p => p.Name == predict.ModelParameter);
        if (predict.ModelParameter.Length > 0 && parameter is null)
        {
            add($"{key}.predict", $"unknown parameter '{predict.ModelParameter}': declare it, e.g. parameters: {{ {predict.ModelParameter}: {{ type: model, default: census@production }} }}");
        }
        else if (parameter is { Type: not ParameterType.Model })
        {
            add($"{key}.predict", $"parameter '{parameter.Name}' is of type {parameter.Type.ToString().ToLowerInvariant()}; predict needs one of type model");
        }

        if (step.Inputs.Count != 1 || step.Inputs[0].Name != PredictRunner.DataInput)
        {
            add($"{key}.inputs", $"a predict step takes one input, {PredictRunner.DataInput} (a CSV or Parquet file, or a directory of them); got {(step.Inputs.Count == 0 ? "none" : string.Join(", ", step.Inputs.Select(i => i.Name)))}");
        }

        if (step.Outputs.Count != 1 || step.Outputs[0].Name != PredictRunner.PredictionsOutput)
        {
            add($"{key}.outputs", $"a predict step writes one output, {PredictRunner.PredictionsOutput}; got {(step.Outputs.Count == 0 ? "none" : string.Join(", ", step.Outputs.Select(o => o.Name)))}");
        }

        foreach (var p in step.Parameters)
        {
            if (!PredictRunner.Parameters.Contains(p.Name))
            {
                add($"{key}.parameters.{p.Name}", $"a predict step takes the parameters {string.Join(", ", PredictRunner.Parameters)} (its model comes from predict:)");
            }
            else if (p.Value is { } literal && Allowed(p.Name) is { } allowed && !allowed.Contains(literal as string))
            {
                add($"{key}.parameters.{p.Name}", $"'{literal}' is not a choice: expected {string.Join(" or ", allowed)}");
            }
        }

        static string[]? Allowed(string name) => name switch
        {
            "on_violation" => ["refuse", "report"],
            "format" => ["csv", "parquet"],
            _ => null,
        };
    }

    private static void ValidateWiring(PipelineSpec spec, StepSpec step, string key, Action<string, string> add)
    {
        var outputs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var output in step.Outputs)
        {
            CheckName(output.Name, "output", $"{key}.outputs.{output.Name}", outputs, add);
        }

        var inputs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var binding in step.Inputs)
        {
            var inputKey = $"{key}.inputs.{binding.Name}";
            CheckName(binding.Name, "input", inputKey, inputs, add);
            if (ReferenceProblem(spec, step.Name, binding.Source) is { } problem)
            {
                add(inputKey, problem);
            }
        }
    }

    /// <summary>Why <paramref name="source"/> names nothing in <paramref name="spec"/>, or <see langword="null"/>.</summary>
    /// <param name="spec">The pipeline.</param>
    /// <param name="consumer">The step taking the data, which cannot be its producer; <see langword="null"/> outside steps.</param>
    /// <param name="source">The reference.</param>
    private static string? ReferenceProblem(PipelineSpec spec, string? consumer, DataReference source)
    {
        switch (source)
        {
            case PipelineInputReference { Input: var input } when spec.Inputs.All(i => i.Name != input):
                return $"unknown pipeline input '{input}' in '{source}' {Suggestions.Of(input, "inputs", spec.Inputs.Select(i => i.Name))}";
            case StepOutputReference { Step: var name } when name == consumer:
                return $"a step cannot take its own output ('{source}'); take it from another step or a pipeline input";
            case StepOutputReference { Step: var name } when spec.FindStep(name) is null:
                return $"unknown step '{name}' in '{source}' {Suggestions.Of(name, "steps", spec.Steps.Select(s => s.Name))}";
            case StepOutputReference { Step: var name, Output: var output } when spec.FindStep(name)!.Outputs.All(o => o.Name != output):
                return $"step '{name}' has no output '{output}' {Suggestions.Of(output, "outputs", spec.FindStep(name)!.Outputs.Select(o => o.Name))}";
            default:
                return null;
        }
    }

    private static void ValidateStepParameters(PipelineSpec spec, StepSpec step, string key, Action<string, string> add)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var binding in step.Parameters)
        {
            var parameterKey = $"{key}.parameters.{binding.Name}";
            CheckName(binding.Name, "parameter", parameterKey, seen, add);
            if (binding.PipelineParameter is { } parameter)
            {
                if (spec.Parameters.All(p => p.Name != parameter))
                {
                    add(parameterKey, $"unknown pipeline parameter '{parameter}' in ${{params.{parameter}}} {Suggestions.Of(parameter, "parameters", spec.Parameters.Select(p => p.Name))}");
                }
            }
            else if (!IsLiteral(binding.Value))
            {
                add(parameterKey, "expected a literal (string, whole number, finite number or boolean) or a pipeline parameter");
            }
        }
    }

    private static bool IsLiteral(object? value) => value switch
    {
        string or long or bool => true,
        double d => double.IsFinite(d),
        _ => false,
    };

    private static void ValidatePolicy(StepSpec step, string key, Action<string, string> add)
    {
        if (step.Retry.MaxAttempts < 1)
        {
            add($"{key}.retries", $"max_attempts must be at least 1, got {step.Retry.MaxAttempts}");
        }

        if (step.Retry.Backoff < TimeSpan.Zero || step.Retry.Backoff.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            add($"{key}.retries", "backoff must be zero or positive, in whole milliseconds");
        }

        if (step.Timeout is { } timeout && (timeout <= TimeSpan.Zero || timeout.Ticks % TimeSpan.TicksPerMillisecond != 0))
        {
            add($"{key}.timeout", $"timeout must be positive, in whole milliseconds ({Durations.Expected})");
        }
    }

    /// <summary>Where a worker fleet runs the step: a pool name of the job engine's queue form, and partitions (predict steps only).</summary>
    private static void ValidatePlacement(StepSpec step, string key, Action<string, string> add)
    {
        if (step.Pool is { } pool && !Names.IsValidPool(pool))
        {
            add($"{key}.pool", $"invalid pool name '{pool}': 1 to 50 lowercase letters, digits, '_' and '-' ({Names.PoolPattern}); leave pool out for the default pool, '{StepSpec.DefaultPool}'");
        }

        if (step.Partitions is not { } partitions)
        {
            return;
        }

        if (step.Runner is not PredictRunner)
        {
            add($"{key}.partitions", $"partitions ({partitions}) is only for predict steps (predict: ${{params.NAME}}), whose data input a worker fleet can split");
        }
        else if (partitions is < 1 or > MaxPartitions)
        {
            add($"{key}.partitions", $"invalid partitions {partitions}: expected a whole number from 1 to {MaxPartitions}");
        }
    }

    /// <summary>The step's SageMaker job settings (<c>aws:</c>), within SageMaker's limits.</summary>
    private static void ValidateAws(StepSpec step, string key, Action<string, string> add)
    {
        if (step.Aws is not { } aws)
        {
            return;
        }

        if (aws.InstanceType is { } type && !Names.IsValidInstanceType(type))
        {
            add($"{key}.aws.instance_type", $"invalid instance type '{type}': expected a SageMaker instance type such as ml.m5.xlarge (ml.FAMILY.SIZE)");
        }

        if (aws.MaxRuntime is { } runtime && (runtime < TimeSpan.FromSeconds(1) || runtime > MaxAwsRuntime || runtime.Ticks % TimeSpan.TicksPerSecond != 0))
        {
            add($"{key}.aws.max_runtime", $"max_runtime must be whole seconds from 1s to {MaxAwsRuntime.TotalDays:0} days (SageMaker's limit), e.g. 2h");
        }

        if (aws.Image is { } image && (image.Length == 0 || image.Length > 255 || image.Any(char.IsWhiteSpace)))
        {
            add($"{key}.aws.image", $"invalid image '{image}': expected a container image URI without spaces, at most 255 characters, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/steps:1");
        }

        if (aws.Job == AwsJobKind.Training && step.Runner is PredictRunner)
        {
            add($"{key}.aws.job", "a predict step runs as a processing job: leave job out or write job: processing");
        }
    }
}
