using Mlmax.Aws.SageMaker;
using Mlmax.Aws.StepFunctions;
using Mlmax.Definitions;
using Mlmax.Specs;

namespace Mlmax.Aws.Compilation;

/// <summary>The state machine: defaults and preparation, then one SageMaker job task per step.</summary>
public sealed partial class PipelineCompiler
{
    /// <summary>The error name of a failed execution.</summary>
    public const string StepFailedError = "mlmax.StepFailed";

    private const string DefaultsState = "Defaults";
    private const string PrepareState = "Prepare";
    private const string SucceededState = "Succeeded";

    private StateMachine BuildStateMachine(PipelineSpec pipeline)
    {
        var states = new OrderedDictionary<string, State>(StringComparer.Ordinal);
        var order = new PipelineGraph(pipeline).Order;
        var defaults = pipeline.Parameters.Where(p => p.Default is not null).ToDictionary(p => p.Name, p => p.Default!, StringComparer.Ordinal);
        if (defaults.Count > 0)
        {
            states[DefaultsState] = new PassState
            {
                Comment = "The definition's parameter defaults, for those the execution input leaves out.",
                Result = new SortedDictionary<string, object>(defaults, StringComparer.Ordinal),
                ResultPath = "$.defaults",
                Next = PrepareState,
            };
        }

        states[PrepareState] = new PassState
        {
            Comment = "The state every step reads: the run (this execution's name), parameters, inputs and network.",
            Parameters = PrepareParameters(pipeline, defaults.Count > 0),
            Next = order.Count > 0 ? order[0] : SucceededState,
        };

        for (var i = 0; i < order.Count; i++)
        {
            var step = pipeline.FindStep(order[i])!;
            var next = i + 1 < order.Count ? order[i + 1] : SucceededState;
            states[step.Name] = StepTask(pipeline, step, next);
        }

        states[SucceededState] = new SucceedState();
        foreach (var name in order)
        {
            states[FailedState(name)] = new FailState(StepFailedError)
            {
                Comment = $"Step {name} failed after its retries; the cause is the SageMaker job's failure reason.",
                CausePath = $"States.Format('step {S3Locations.Escape(name)} failed: {{}}', $.error.Cause)",
            };
        }

        return new StateMachine(defaults.Count > 0 ? DefaultsState : PrepareState, states)
        {
            Comment = $"mlmax pipeline {pipeline.Name} of project {_settings.Name} (definition {CanonicalForm.Version(pipeline)}): "
                + "each step is a SageMaker job following mlmax's step contract.",
        };
    }

    /// <summary>The name of the Fail state a step's failure ends in.</summary>
    /// <param name="step">The step.</param>
    /// <returns>The state's name.</returns>
    public static string FailedState(string step) => $"{step} failed";

    private static OrderedDictionary<string, object> PrepareParameters(PipelineSpec pipeline, bool hasDefaults)
    {
        var result = new OrderedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["run.$"] = "$$.Execution.Name",
        };
        if (pipeline.Parameters.Count == 0)
        {
            result["parameters"] = new Dictionary<string, object>();
        }
        else
        {
            result["parameters.$"] = hasDefaults ? "States.JsonMerge($.defaults, $.parameters, false)" : "$.parameters";
        }

        result[pipeline.Inputs.Count == 0 ? "inputs" : "inputs.$"] = pipeline.Inputs.Count == 0 ? new Dictionary<string, object>() : "$.inputs";
        if (pipeline.Steps.Any(s => s.Runner is PredictRunner))
        {
            result["models.$"] = "$.models";
        }

        result["network"] = new OrderedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["subnets.$"] = "States.StringSplit('${Subnets}', ',')",
            ["security_groups.$"] = "States.StringSplit('${SecurityGroups}', ',')",
        };
        result["jobs"] = new Dictionary<string, object>();
        return result;
    }

    private TaskState StepTask(PipelineSpec pipeline, StepSpec step, string next)
    {
        var job = step.Aws?.Job ?? AwsJobKind.Processing;
        var settings = JobSettings.Of(step);
        var resource = job == AwsJobKind.Training
            ? "arn:aws:states:::sagemaker:createTrainingJob.sync"
            : "arn:aws:states:::sagemaker:createProcessingJob.sync";
        object request = job == AwsJobKind.Training ? TrainingRequest(pipeline, step, settings) : ProcessingRequest(pipeline, step, settings);
        return new TaskState(resource, request)
        {
            Comment = step.Description,
            // A training job's name locates its archives for the steps that read them.
            ResultSelector = job == AwsJobKind.Training ? new Dictionary<string, string> { ["name.$"] = "$.TrainingJobName" } : null,
            ResultPath = job == AwsJobKind.Training ? $"$.jobs.{step.Name}" : null,
            TimeoutSeconds = step.Timeout is { } timeout ? (int)Math.Ceiling(timeout.TotalSeconds) : null,
            Retry = step.Retry.MaxAttempts > 1
                ? [new Retrier(["States.ALL"], Math.Max(1, (int)Math.Ceiling(step.Retry.Backoff.TotalSeconds)), step.Retry.MaxAttempts - 1, 2.0)]
                : null,
            Catch = [new Catcher(["States.ALL"], FailedState(step.Name), "$.error")],
            Next = next,
        };
    }

    private ProcessingJobRequest ProcessingRequest(PipelineSpec pipeline, StepSpec step, JobSettings settings)
    {
        var inputs = new List<ProcessingInput>
        {
            new(ContainerLayout.CodeInput, new ProcessingS3Input(ContainerLayout.Input(AwsJobKind.Processing, ContainerLayout.CodeInput)) { S3Uri = S3Locations.Code }),
        };
        inputs.AddRange(step.Inputs.Select(i => new ProcessingInput(i.Name, new ProcessingS3Input(ContainerLayout.Input(AwsJobKind.Processing, i.Name))
        {
            S3UriExpression = S3Locations.Source(i.Source, s => JobOf(pipeline, s)),
        })));
        if (step.Runner is PredictRunner predict)
        {
            inputs.Add(new ProcessingInput(ContainerLayout.ModelInput, new ProcessingS3Input(ContainerLayout.Input(AwsJobKind.Processing, ContainerLayout.ModelInput))
            {
                S3UriExpression = $"$.models.{predict.ModelParameter}",
            }));
        }

        var outputs = step.Outputs.Select(o => o.Name).Append(ContainerLayout.RecordOutput)
            .Select(name => new ProcessingOutput(name, new ProcessingS3Output(ContainerLayout.ProcessingOutput(name))
            {
                S3UriExpression = S3Locations.ProcessingOutput(step.Name, name),
            }))
            .ToList();

        return new ProcessingJobRequest
        {
            ProcessingJobNameExpression = JobName(step),
            ProcessingResources = new ProcessingResources(new ClusterConfig(settings.InstanceCount, settings.InstanceType, settings.VolumeSizeGb, "${KmsKeyArn}")),
            StoppingCondition = new StoppingCondition(settings.MaxRuntimeSeconds),
            AppSpecification = new AppSpecification(settings.Image, ContainerLayout.Entrypoint(AwsJobKind.Processing))
            {
                ContainerArgumentsExpression = ContainerArguments(pipeline, step, AwsJobKind.Processing),
            },
            ProcessingInputs = inputs,
            ProcessingOutputConfig = new ProcessingOutputConfig(outputs, "${KmsKeyArn}"),
            NetworkConfig = new NetworkConfig(Vpc),
            RoleArn = "${SageMakerRoleArn}",
            Tags = Tags(pipeline, step),
        };
    }

    private TrainingJobRequest TrainingRequest(PipelineSpec pipeline, StepSpec step, JobSettings settings)
    {
        var channels = new List<Channel>
        {
            new(ContainerLayout.CodeInput, new DataSource(new S3DataSource { S3Uri = S3Locations.Code })),
        };
        channels.AddRange(step.Inputs.Select(i => new Channel(i.Name, new DataSource(new S3DataSource
        {
            S3UriExpression = S3Locations.Source(i.Source, s => JobOf(pipeline, s)),
        }))));

        return new TrainingJobRequest
        {
            TrainingJobNameExpression = JobName(step),
            AlgorithmSpecification = new AlgorithmSpecification(settings.Image, ContainerLayout.Entrypoint(AwsJobKind.Training))
            {
                ContainerArgumentsExpression = ContainerArguments(pipeline, step, AwsJobKind.Training),
            },
            RoleArn = "${SageMakerRoleArn}",
            InputDataConfig = channels,
            OutputDataConfig = new OutputDataConfig("${KmsKeyArn}") { S3OutputPathExpression = S3Locations.TrainingOutputPath(step.Name) },
            ResourceConfig = new ResourceConfig(settings.InstanceType, settings.InstanceCount, settings.VolumeSizeGb, "${KmsKeyArn}"),
            StoppingCondition = new StoppingCondition(settings.MaxRuntimeSeconds),
            VpcConfig = Vpc,
            Tags = Tags(pipeline, step),
        };
    }

    private static VpcConfig Vpc { get; } = new("$.network.security_groups", "$.network.subnets");

    /// <summary>A unique job name per attempt (SageMaker refuses a name used before, retries included): the step's
    /// name, made a valid job name and cut to fit, and a UUID.</summary>
    private static string JobName(StepSpec step)
    {
        var slug = new string([.. step.Name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        slug = slug.Length > 26 ? slug[..26].TrimEnd('-') : slug;
        return $"States.Format('{S3Locations.Escape(slug)}-{{}}', States.UUID())";
    }

    /// <summary>The arguments of <c>mlmax</c> in the job: <c>aws container</c> with the pipeline, step, job kind and the
    /// values of the pipeline parameters the step uses.</summary>
    private static string ContainerArguments(PipelineSpec pipeline, StepSpec step, AwsJobKind job)
    {
        var items = new List<string>
        {
            "'aws'", "'container'",
            "'--pipeline'", $"'{S3Locations.Escape(pipeline.Name)}'",
            "'--step'", $"'{S3Locations.Escape(step.Name)}'",
            "'--job'", job == AwsJobKind.Training ? "'training'" : "'processing'",
            "'--run'", "$.run",
        };
        var used = step.Parameters.Select(p => p.PipelineParameter)
            .Concat(step.Runner is PredictRunner r ? [r.ModelParameter] : [])
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        foreach (var parameter in used)
        {
            items.Add("'--param'");
            items.Add($"States.Format('{S3Locations.Escape(parameter)}={{}}', $.parameters.{parameter})");
        }

        return $"States.Array({string.Join(", ", items)})";
    }

    private List<SageMaker.Tag> Tags(PipelineSpec pipeline, StepSpec step) =>
    [
        new("mlmax:project") { Value = _settings.Name },
        new("mlmax:pipeline") { Value = pipeline.Name },
        new("mlmax:definition") { Value = CanonicalForm.Version(pipeline) },
        new("mlmax:step") { Value = step.Name },
        new("mlmax:run") { ValueExpression = "$.run" },
    ];
}
