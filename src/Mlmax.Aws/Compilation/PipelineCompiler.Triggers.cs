using System.Text.Json;
using Mlmax.Aws.CloudFormation;
using Mlmax.Aws.StepFunctions;
using Mlmax.Execution;
using Mlmax.Specs;
using Mlmax.Stores.S3;

namespace Mlmax.Aws.Compilation;

/// <summary>
/// What the declared schedules and watches start: each goes through the starter, a one-state machine that starts the
/// pipeline's state machine named by the SHA-256 of the trigger (<c>KIND|SOURCE|DETAIL</c>). Step Functions refuses a
/// second execution of one name, so a slot or an object delivered twice (EventBridge delivers at least once) starts
/// one execution.
/// </summary>
public sealed partial class PipelineCompiler
{
    /// <summary>The state of the starter that starts the pipeline's execution.</summary>
    public const string StarterStartState = "Start";

    /// <summary>The state of the starter a trigger that already started an execution ends in.</summary>
    public const string StarterDuplicateState = "Already started";

    private const string StarterResource = "Starter";
    private const string StarterRole = "StarterRole";

    /// <summary>The starter state machine's name: <c>mlmax-PROJECT-PIPELINE-start</c>.</summary>
    /// <param name="project">The project.</param>
    /// <param name="pipeline">The pipeline.</param>
    /// <returns>The name (at most 80 characters).</returns>
    public static string StarterName(string project, string pipeline)
    {
        var main = StateMachineName(project, pipeline);
        return (main.Length <= 74 ? main : main[..74]) + "-start";
    }

    /// <summary>The starter's definition: it starts the pipeline's state machine (<c>${StateMachineArn}</c>) once per trigger.</summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <returns>The state machine.</returns>
    public static StateMachine StarterMachine(PipelineSpec pipeline)
    {
        var input = new OrderedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["parameters.$"] = "$.parameters",
            ["inputs.$"] = "$.inputs",
        };
        if (pipeline.Steps.Any(s => s.Runner is PredictRunner))
        {
            input["models.$"] = "$.models";
        }

        input["trigger.$"] = "$.trigger";
        input["AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$"] = "$$.Execution.Id";
        var start = new TaskState("arn:aws:states:::states:startExecution", new OrderedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["StateMachineArn"] = "${StateMachineArn}",
            ["Name.$"] = "States.Hash(States.Format('{}|{}|{}', $.trigger.kind, $.trigger.source, $.trigger.detail), 'SHA-256')",
            ["Input"] = input,
        })
        {
            Comment = "Starts the pipeline's execution, named by the SHA-256 of the trigger: one execution per slot or object.",
            ResultSelector = new Dictionary<string, string> { ["execution.$"] = "$.ExecutionArn" },
            ResultPath = "$.started",
            Retry = [new Retrier(["StepFunctions.ExecutionLimitExceededException", "StepFunctions.SdkClientException"], 60, 5, 2.0)],
            Catch = [new Catcher(["StepFunctions.ExecutionAlreadyExistsException"], StarterDuplicateState, "$.duplicate")],
        };
        var states = new OrderedDictionary<string, State>(StringComparer.Ordinal)
        {
            [StarterStartState] = start,
            [StarterDuplicateState] = new SucceedState
            {
                Comment = "This trigger (the same slot, or the same object and ETag) already started its execution: nothing more to do.",
            },
        };
        return new StateMachine(StarterStartState, states)
        {
            Comment = $"Starts mlmax pipeline {pipeline.Name} for its schedules and watches, once per slot or object.",
        };
    }

    /// <summary>The schedules and watches as compiled, with every problem keeping one from running on AWS.</summary>
    private static TriggerSet Triggers(PipelineSpec pipeline, List<string> problems)
    {
        var triggers = new List<CompiledTrigger>();
        var uploads = new List<UploadEntry>();
        var reads = new List<S3Read>();
        var notes = new List<string>();
        foreach (var schedule in pipeline.Schedules)
        {
            var key = $"schedules.{schedule.Name}";
            try
            {
                EventBridgeCron.Convert(schedule.Cron);
            }
            catch (FormatException e)
            {
                problems.Add($"{key}.cron: {e.Message}");
            }

            triggers.Add(Bind(pipeline, schedule.Name, key, "schedule", ScheduleResource(schedule.Name), schedule.Parameters, schedule.Inputs, null, problems, uploads, reads));
        }

        var watched = new Dictionary<string, S3Root>(StringComparer.Ordinal);
        foreach (var watch in pipeline.Watches)
        {
            var key = $"watches.{watch.Name}";
            if (Watched(watch, key, problems, notes) is not { } prefix)
            {
                continue;
            }

            watched[watch.Name] = prefix;
            reads.Add(new S3Read(prefix.Bucket, prefix.Prefix, IsPrefix: true));
            triggers.Add(Bind(pipeline, watch.Name, key, "data", WatchResource(watch.Name), watch.Parameters, new Dictionary<string, string>(), watch.Input, problems, uploads, reads));
        }

        return new TriggerSet(triggers, uploads, reads, watched, notes);
    }

    /// <summary>How a schedule's or watch's executions bind each input and model.</summary>
    private static CompiledTrigger Bind(
        PipelineSpec pipeline, string name, string key, string kind, string resource, IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, string> inputs,
        string? eventInput, List<string> problems, List<UploadEntry> uploads, List<S3Read> reads)
    {
        var bound = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in pipeline.Inputs)
        {
            if (input.Name == eventInput)
            {
                bound[input.Name] = WatchedObjectUrl;
                continue;
            }

            var value = inputs.GetValueOrDefault(input.Name) ?? input.Default;
            if (input.Kind == InputKind.Artifact)
            {
                // An output of another run (by default the latest successful run of the pipeline it comes from), uploaded when deploying.
                var parameter = $"{resource}Input{Pascal(input.Name)}";
                uploads.Add(new UploadEntry(parameter, key, "artifact", input.Name, value ?? string.Empty));
                bound[input.Name] = $"${{{parameter}}}";
            }
            else if (value is null)
            {
                problems.Add($"{key}.inputs.{input.Name}: not bound, and the input has no default: bind it to an S3 URL (s3://BUCKET/KEY) or to a local "
                    + $"{input.Kind.ToString().ToLowerInvariant()} mlmax aws deploy uploads (inputs: {{ {input.Name}: PATH }})");
            }
            else if (value.StartsWith("s3://", StringComparison.Ordinal))
            {
                try
                {
                    var url = S3Root.Parse(value);
                    reads.Add(new S3Read(url.Bucket, url.Prefix, input.Kind == InputKind.Directory));
                    bound[input.Name] = value;
                }
                catch (FormatException e)
                {
                    problems.Add($"{key}.inputs.{input.Name}: {e.Message}");
                }
            }
            else
            {
                var parameter = $"{resource}Input{Pascal(input.Name)}";
                uploads.Add(new UploadEntry(parameter, key, input.Kind == InputKind.Directory ? "directory" : "file", input.Name, value));
                bound[input.Name] = $"${{{parameter}}}";
            }
        }

        var found = new List<string>();
        var values = RunPlanner.BindParameters(pipeline, parameters, found);
        problems.AddRange(found.Select(p => $"{key}.params: {p}"));
        SortedDictionary<string, string>? models = null;
        foreach (var model in pipeline.Steps.Select(s => s.Runner).OfType<PredictRunner>().Select(r => r.ModelParameter).Distinct(StringComparer.Ordinal))
        {
            models ??= new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (values.GetValueOrDefault(model) is not string reference || reference.Length == 0)
            {
                problems.Add($"{key}.params.{model}: a predict step scores with this model, and it has no value: set params: {{ {model}: NAME, NAME:VERSION or NAME@ALIAS }}");
                continue;
            }

            var parameter = $"{resource}Model{Pascal(model)}";
            uploads.Add(new UploadEntry(parameter, key, "model", model, reference));
            models[model] = $"${{{parameter}}}";
        }

        var overrides = new SortedDictionary<string, object>(
            values.Where(v => parameters.ContainsKey(v.Key)).ToDictionary(v => v.Key, v => v.Value), StringComparer.Ordinal);
        return new CompiledTrigger(name, key, kind, resource, overrides, bound, models);
    }

    /// <summary>The execution input a trigger gives the starter, with <c>${Parameter}</c> for uploads and the trigger's detail as given.</summary>
    private static object StarterInput(PipelineSpec pipeline, CompiledTrigger trigger, string detail)
    {
        // Literal "${" in values must not read as CloudFormation substitutions: Fn::Sub writes "${!" as "${".
        static string Literal(string text) => text.Replace("${", "${!", StringComparison.Ordinal);
        var document = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["inputs"] = trigger.Inputs.ToDictionary(i => i.Key, i => i.Value.StartsWith("${", StringComparison.Ordinal) ? i.Value : Literal(i.Value), StringComparer.Ordinal),
            ["parameters"] = trigger.Parameters.ToDictionary(p => p.Key, p => p.Value is string s ? Literal(s) : p.Value, StringComparer.Ordinal),
            ["trigger"] = new ExecutionTrigger(trigger.Kind, $"{pipeline.Name}.{trigger.Name}", detail),
        };
        if (trigger.Models is { } models)
        {
            document["models"] = models;
        }

        var text = JsonSerializer.Serialize(document, AwsJson.CompactOptions);
        return text.Contains("${", StringComparison.Ordinal) ? Fn.Sub(text) : text;
    }

    private void AddStarter(PipelineSpec pipeline, OrderedDictionary<string, Resource> resources, OrderedDictionary<string, Output> outputs)
    {
        resources[StarterRole] = new("AWS::IAM::Role", RoleProperties.For(
            $"Starts the executions of mlmax pipeline {pipeline.Name} for its schedules and watches, and nothing else.",
            "states.amazonaws.com",
            new InlinePolicy("mlmax-starter", new PolicyDocument(
            [
                Statement.Allow("StartPipelineExecutions", ["states:StartExecution"], Fn.Ref(StateMachineResource)),
                Statement.Allow("EncryptExecutionData", ["kms:Decrypt", "kms:GenerateDataKey"], Fn.Ref("KmsKeyArn")),
                Roles.LogDelivery,
            ]))) with { Tags = ResourceTags(pipeline) });
        resources[StarterResource] = new("AWS::StepFunctions::StateMachine", new StateMachineProperties(
            StarterName(_settings.Name, pipeline.Name),
            Fn.GetAtt(StarterRole, "Arn"),
            StarterMachine(pipeline),
            new Dictionary<string, object> { ["StateMachineArn"] = Fn.Ref(StateMachineResource) },
            new LoggingConfiguration([new LogDestination(new LogGroupReference(Fn.GetAtt(LogGroupResource, "Arn")))]),
            new EncryptionConfiguration(Fn.Ref("KmsKeyArn")))
        {
            Tags = [.. ResourceTags(pipeline).Select(t => new StateMachineTag(t.Key, t.Value))],
        });
        outputs["StarterArn"] = new("The state machine the schedules and watches start: it starts the pipeline's execution once per slot or object.", Fn.Ref(StarterResource));
    }

    /// <summary>A role a service assumes to start the starter, and nothing else.</summary>
    private RoleProperties StartsStarter(PipelineSpec pipeline, string service, string what) =>
        RoleProperties.For(
            $"Starts the starter of mlmax pipeline {pipeline.Name} for its {what}, and nothing else.",
            service,
            new InlinePolicy($"mlmax-{what}", new PolicyDocument(
            [
                Statement.Allow("StartStarter", ["states:StartExecution"], Fn.Ref(StarterResource)),
                Statement.Allow("EncryptExecutionInput", ["kms:GenerateDataKey"], Fn.Ref("KmsKeyArn")),
            ]))) with { Tags = ResourceTags(pipeline) };

    private static string Pascal(string name) =>
        string.Concat(name.Split(['_', '-', '.'], StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    /// <summary>A schedule or watch as compiled.</summary>
    /// <param name="Name">Its name.</param>
    /// <param name="Key">Its definition key: <c>schedules.nightly</c>.</param>
    /// <param name="Kind">The trigger kind its executions record: <c>schedule</c> or <c>data</c>.</param>
    /// <param name="Resource">Its resource's logical id, also the prefix of its template parameters.</param>
    /// <param name="Parameters">The parameter overrides, typed.</param>
    /// <param name="Inputs">Each input: an S3 URL, <c>${Parameter}</c> for an upload, or the watched object.</param>
    /// <param name="Models">For predict steps: each model parameter's <c>${Parameter}</c>.</param>
    private sealed record CompiledTrigger(
        string Name, string Key, string Kind, string Resource, IReadOnlyDictionary<string, object> Parameters, IReadOnlyDictionary<string, string> Inputs, IReadOnlyDictionary<string, string>? Models);

    /// <summary>The schedules and watches, what deploying uploads for them, what their executions read outside the project's prefix,
    /// the S3 prefix of each watch compiled, and what was left to mlmax scheduler.</summary>
    private sealed record TriggerSet(
        IReadOnlyList<CompiledTrigger> Triggers, IReadOnlyList<UploadEntry> Uploads, IReadOnlyList<S3Read> Reads, IReadOnlyDictionary<string, S3Root> Watched, IReadOnlyList<string> Notes);
}

/// <summary>An S3 object (or prefix) the jobs read outside the project's prefix.</summary>
/// <param name="Bucket">The bucket.</param>
/// <param name="Key">The key, or the prefix without trailing slash.</param>
/// <param name="IsPrefix">Whether <paramref name="Key"/> is a prefix.</param>
internal sealed record S3Read(string Bucket, string Key, bool IsPrefix);
