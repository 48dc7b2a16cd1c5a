using System.Text.Json;
using Mlmax.Aws.CloudFormation;
using Mlmax.Execution;
using Mlmax.Specs;

namespace Mlmax.Aws.Compilation;

/// <summary>The pipeline's declared schedules as EventBridge Scheduler schedules starting the state machine.</summary>
public sealed partial class PipelineCompiler
{
    private const string SchedulerRole = "SchedulerRole";

    /// <summary>The resource name of a declared schedule: <c>Schedule</c> and its name in Pascal case (<c>nightly_check</c>: <c>ScheduleNightlyCheck</c>).</summary>
    /// <param name="schedule">The schedule's name.</param>
    /// <returns>The logical id.</returns>
    public static string ScheduleResource(string schedule) =>
        "Schedule" + string.Concat(schedule.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    /// <summary>The EventBridge schedule's name: <c>mlmax-PROJECT-PIPELINE-SCHEDULE</c>, at most 64 characters.</summary>
    /// <param name="project">The project.</param>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="schedule">The schedule.</param>
    /// <returns>The name.</returns>
    public static string ScheduleName(string project, string pipeline, string schedule)
    {
        var name = $"mlmax-{project}-{pipeline}-{schedule}";
        return name.Length <= 64 ? name : name[..64];
    }

    /// <summary>What keeps a declared schedule from running on AWS: its cron expression, or inputs that are not in S3.</summary>
    private static IEnumerable<string> ScheduleProblems(PipelineSpec pipeline)
    {
        foreach (var schedule in pipeline.Schedules)
        {
            var key = $"schedules.{schedule.Name}";
            string? problem = null;
            try
            {
                EventBridgeCron.Convert(schedule.Cron);
            }
            catch (FormatException e)
            {
                problem = $"{key}.cron: {e.Message}";
            }

            if (problem is not null)
            {
                yield return problem;
            }

            if (pipeline.Steps.Any(s => s.Runner is PredictRunner))
            {
                yield return $"{key}: a scheduled execution cannot resolve the model of a predict step yet; start it with mlmax aws run";
            }

            foreach (var input in pipeline.Inputs)
            {
                var bound = schedule.Inputs.GetValueOrDefault(input.Name);
                if (bound is null || !bound.StartsWith("s3://", StringComparison.Ordinal))
                {
                    yield return $"{key}.inputs.{input.Name}: a scheduled execution on AWS reads its inputs from S3, but '{input.Name}' is "
                        + (bound is null ? "not bound" : $"bound to '{bound}'") + $": bind it to an S3 URL (inputs: {{ {input.Name}: s3://BUCKET/KEY }})";
                }
            }

            var found = new List<string>();
            RunPlanner.BindParameters(pipeline, schedule.Parameters, found);
            foreach (var p in found)
            {
                yield return $"{key}.params: {p}";
            }
        }
    }

    private void AddSchedules(PipelineSpec pipeline, OrderedDictionary<string, Resource> resources, OrderedDictionary<string, Output> outputs)
    {
        if (pipeline.Schedules.Count == 0)
        {
            return;
        }

        resources[SchedulerRole] = new("AWS::IAM::Role", RoleProperties.For(
            $"Starts the executions of mlmax pipeline {pipeline.Name} on its schedules, and nothing else.",
            "scheduler.amazonaws.com",
            new InlinePolicy("mlmax-schedules", new PolicyDocument(
            [
                Statement.Allow("StartExecutions", ["states:StartExecution"], Fn.Ref(StateMachineResource)),
                Statement.Allow("EncryptExecutionInput", ["kms:GenerateDataKey"], Fn.Ref("KmsKeyArn")),
            ]))) with { Tags = ResourceTags(pipeline) });
        foreach (var schedule in pipeline.Schedules)
        {
            var name = ScheduleName(_settings.Name, pipeline.Name, schedule.Name);
            var resource = ScheduleResource(schedule.Name);
            resources[resource] = new("AWS::Scheduler::Schedule", new ScheduleProperties(
                name,
                $"mlmax schedule {pipeline.Name}.{schedule.Name}: {schedule.Cron} ({schedule.TimeZone})",
                EventBridgeCron.Convert(schedule.Cron),
                schedule.TimeZone,
                new ScheduleTarget(Fn.Ref(StateMachineResource), Fn.GetAtt(SchedulerRole, "Arn"), ExecutionInputOf(pipeline, schedule))
                {
                    RetryPolicy = new ScheduleRetryPolicy(3, 3600),
                })
            {
                KmsKeyArn = Fn.Ref("KmsKeyArn"),
            });
            outputs[$"{resource}Arn"] = new($"The EventBridge schedule {name}, starting the state machine at {schedule.Cron} ({schedule.TimeZone}).", Fn.GetAtt(resource, "Arn"));
        }
    }

    /// <summary>The execution input of the schedule's starts, as the Prepare state reads it: typed parameter overrides and S3 inputs.</summary>
    private static string ExecutionInputOf(PipelineSpec pipeline, PipelineSchedule schedule)
    {
        var values = RunPlanner.BindParameters(pipeline, schedule.Parameters, []);
        var parameters = new SortedDictionary<string, object>(
            values.Where(v => schedule.Parameters.ContainsKey(v.Key)).ToDictionary(v => v.Key, v => v.Value), StringComparer.Ordinal);
        var inputs = new SortedDictionary<string, string>(
            pipeline.Inputs.ToDictionary(i => i.Name, i => schedule.Inputs[i.Name]), StringComparer.Ordinal);
        return JsonSerializer.Serialize(new SortedDictionary<string, object>(StringComparer.Ordinal) { ["inputs"] = inputs, ["parameters"] = parameters });
    }
}
