using Mlmax.Aws.CloudFormation;
using Mlmax.Specs;

namespace Mlmax.Aws.Compilation;

/// <summary>The pipeline's declared schedules as EventBridge Scheduler schedules starting the pipeline through its starter.</summary>
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

    private void AddSchedules(PipelineSpec pipeline, IEnumerable<CompiledTrigger> triggers, OrderedDictionary<string, Resource> resources, OrderedDictionary<string, Output> outputs)
    {
        if (pipeline.Schedules.Count == 0)
        {
            return;
        }

        resources[SchedulerRole] = new("AWS::IAM::Role", StartsStarter(pipeline, "scheduler.amazonaws.com", "schedules"));
        var compiled = triggers.ToDictionary(t => t.Key, StringComparer.Ordinal);
        foreach (var schedule in pipeline.Schedules)
        {
            var name = ScheduleName(_settings.Name, pipeline.Name, schedule.Name);
            var resource = ScheduleResource(schedule.Name);
            // EventBridge Scheduler writes the slot's time where the input says <aws.scheduler.scheduled-time>.
            var input = StarterInput(pipeline, compiled[$"schedules.{schedule.Name}"], "<aws.scheduler.scheduled-time>");
            resources[resource] = new("AWS::Scheduler::Schedule", new ScheduleProperties(
                name,
                $"mlmax schedule {pipeline.Name}.{schedule.Name}: {schedule.Cron} ({schedule.TimeZone})",
                EventBridgeCron.Convert(schedule.Cron),
                schedule.TimeZone,
                new ScheduleTarget(Fn.Ref(StarterResource), Fn.GetAtt(SchedulerRole, "Arn"), input)
                {
                    RetryPolicy = new ScheduleRetryPolicy(3, 3600),
                })
            {
                KmsKeyArn = Fn.Ref("KmsKeyArn"),
            });
            outputs[$"{resource}Arn"] = new($"The EventBridge schedule {name}, starting the pipeline at {schedule.Cron} ({schedule.TimeZone}).", Fn.GetAtt(resource, "Arn"));
        }
    }
}
