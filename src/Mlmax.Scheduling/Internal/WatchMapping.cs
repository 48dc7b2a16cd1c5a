using System.Globalization;
using System.Text.Json;
using Quartz;

namespace Mlmax.Scheduling.Internal;

/// <summary>A <see cref="WatchSpec"/> as a Quartz job (what to list and run) and its repeating simple trigger (the polls), and back.</summary>
internal static class WatchMapping
{
    /// <summary>The Quartz group of mlmax's watches (apart from the schedules', so ids are told apart).</summary>
    public const string Group = "mlmax-watch";

    /// <summary>The job data key of the last listing (for the files still being written), kept between polls.</summary>
    public const string LastListingKey = "last_listing";

    /// <summary>The job data key of the files batches took (name to version), for the files still listed.</summary>
    public const string TakenKey = "taken";

    private const string PipelineKey = "pipeline";
    private const string PathKey = "path";
    private const string InputKey = "input";
    private const string PatternKey = "pattern";
    private const string BatchKey = "batch";
    private const string PollKey = "poll_ms";
    private const string ParametersKey = "parameters";
    private const string DeclaredKey = "declared";

    public static JobKey JobKey(string id) => new(id, Group);

    public static TriggerKey TriggerKey(string id) => new(id, Group);

    public static IJobDetail Job(WatchSpec spec) => JobBuilder.Create<WatchJob>()
        .WithIdentity(JobKey(spec.Id))
        .StoreDurably()
        .RequestRecovery()
        .UsingJobData(PipelineKey, spec.Pipeline)
        .UsingJobData(PathKey, spec.Path)
        .UsingJobData(InputKey, spec.Input)
        .UsingJobData(PatternKey, spec.Pattern)
        .UsingJobData(BatchKey, spec.Batch ? "true" : "false")
        .UsingJobData(PollKey, ((long)spec.Poll.TotalMilliseconds).ToString(CultureInfo.InvariantCulture))
        .UsingJobData(ParametersKey, JsonSerializer.Serialize(spec.Parameters))
        .UsingJobData(DeclaredKey, spec.Declared ? "true" : "false")
        .UsingJobData(LastListingKey, "{}")
        .UsingJobData(TakenKey, "{}")
        .Build();

    /// <summary>Polls from now on, every <see cref="WatchSpec.Poll"/>; polls missed while no scheduler ran come down to one, at once.</summary>
    public static ITrigger Trigger(WatchSpec spec, TimeProvider clock) => TriggerBuilder.Create(clock)
        .WithIdentity(TriggerKey(spec.Id))
        .ForJob(JobKey(spec.Id))
        .StartAt(clock.GetUtcNow())
        .WithSimpleSchedule(s => s.WithInterval(spec.Poll).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount))
        .Build();

    public static WatchSpec Spec(IJobDetail job) => Spec(job.Key.Name, job.JobDataMap);

    public static WatchSpec Spec(string id, JobDataMap data) => new()
    {
        Id = id,
        Pipeline = data.GetString(PipelineKey)!,
        Path = data.GetString(PathKey)!,
        Input = data.GetString(InputKey)!,
        Pattern = data.GetString(PatternKey)!,
        Batch = data.GetString(BatchKey) == "true",
        Poll = TimeSpan.FromMilliseconds(long.Parse(data.GetString(PollKey)!, CultureInfo.InvariantCulture)),
        Parameters = JsonSerializer.Deserialize<Dictionary<string, string>>(data.GetString(ParametersKey)!)!,
        Declared = data.GetString(DeclaredKey) == "true",
    };
}
