using System.Text.Json;
using Quartz;
using MisfirePolicy = Mlmax.Specs.MisfirePolicy;
using OverlapPolicy = Mlmax.Specs.OverlapPolicy;

namespace Mlmax.Scheduling.Internal;

/// <summary>A <see cref="ScheduleSpec"/> as a Quartz job (what to run) and its cron trigger (when), and back.</summary>
internal static class QuartzMapping
{
    /// <summary>The Quartz group of mlmax's schedules.</summary>
    public const string Group = "mlmax";

    private const string PipelineKey = "pipeline";
    private const string ParametersKey = "parameters";
    private const string InputsKey = "inputs";
    private const string CronKey = "cron";
    private const string DeclaredKey = "declared";

    public static JobKey JobKey(string id) => new(id, Group);

    public static TriggerKey TriggerKey(string id) => new(id, Group);

    public static IJobDetail Job(ScheduleSpec spec) => JobBuilder.Create<LaunchJob>()
        .WithIdentity(JobKey(spec.Id))
        .StoreDurably()
        .RequestRecovery()
        .UsingJobData(PipelineKey, spec.Pipeline)
        .UsingJobData(CronKey, spec.Cron)
        .UsingJobData(ParametersKey, JsonSerializer.Serialize(spec.Parameters))
        .UsingJobData(InputsKey, JsonSerializer.Serialize(spec.Inputs))
        .UsingJobData(DeclaredKey, spec.Declared ? "true" : "false")
        .Build();

    public static ITrigger Trigger(ScheduleSpec spec, TimeProvider clock) => TriggerBuilder.Create(clock)
        .WithIdentity(TriggerKey(spec.Id))
        .ForJob(JobKey(spec.Id))
        .WithOverlapPolicy(spec.Overlap == OverlapPolicy.Queue ? Quartz.OverlapPolicy.BufferOne : Quartz.OverlapPolicy.Skip)
        .WithSchedule(CronScheduleBuilder.Create(spec.Cron, CronFormat.Unix)
            .InTimeZone(TimeZoneInfo.FindSystemTimeZoneById(spec.TimeZone))
            .WithMisfireInstruction(spec.Misfire == MisfirePolicy.RunOnce
                ? CronTriggerMisfireInstruction.FireAndProceed
                : CronTriggerMisfireInstruction.DoNothing))
        .Build();

    /// <summary>Whether a stored job is declared in a pipeline's definition.</summary>
    public static bool IsDeclared(JobDataMap data) => data.GetString(DeclaredKey) == "true";

    /// <summary>The run a firing asks for, from its job's data.</summary>
    public static (string Pipeline, Dictionary<string, string> Parameters, Dictionary<string, string> Inputs) RunOf(JobDataMap data) =>
        (data.GetString(PipelineKey)!,
         JsonSerializer.Deserialize<Dictionary<string, string>>(data.GetString(ParametersKey)!)!,
         JsonSerializer.Deserialize<Dictionary<string, string>>(data.GetString(InputsKey)!)!);

    /// <summary>The spec a stored job and trigger hold; the cron expression is given back as it was written.</summary>
    public static ScheduleSpec Spec(IJobDetail job, ICronTrigger trigger)
    {
        var cron = job.JobDataMap.GetString(CronKey) ?? trigger.CronExpressionString!;
        var (pipeline, parameters, inputs) = RunOf(job.JobDataMap);
        return new ScheduleSpec
        {
            Id = job.Key.Name,
            Pipeline = pipeline,
            Cron = cron,
            TimeZone = trigger.TimeZone.Id,
            Parameters = parameters,
            Inputs = inputs,
            Misfire = trigger.MisfireInstruction == CronTriggerMisfireInstruction.DoNothing ? MisfirePolicy.Skip : MisfirePolicy.RunOnce,
            Overlap = trigger.OverlapPolicy == Quartz.OverlapPolicy.BufferOne ? OverlapPolicy.Queue : OverlapPolicy.Skip,
            Declared = IsDeclared(job.JobDataMap),
        };
    }
}
