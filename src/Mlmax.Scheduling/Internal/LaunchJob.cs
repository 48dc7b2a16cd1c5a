using System.Globalization;
using Microsoft.Extensions.Logging;
using Mlmax.Metadata;
using Quartz;

namespace Mlmax.Scheduling.Internal;

/// <summary>
/// What a schedule's firing does: records and starts the slot's run through the <see cref="IRunLauncher"/>, then waits for
/// it to end, so the trigger's overlap policy sees a slot as running while its run goes on. A firing recovered after a
/// crash or a shutdown carries the same slot; if the slot's run was already recorded it starts nothing.
/// </summary>
internal sealed class LaunchJob(IRunLauncher launcher, IMetadataStore metadata, SchedulerLog log) : IJob
{
    private readonly ILogger _log = log.Logger;

    /// <inheritdoc/>
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var slot = SlotOf(context);
        var trigger = RunTrigger.ForSchedule(context.JobDetail.Key.Name, slot);
        if (await metadata.FindRunByTriggerAsync(trigger.Key, cancellationToken) is { } existing)
        {
            Log.AlreadyStarted(_log, trigger.Describe(), existing.Id);
            return;
        }

        var (pipeline, parameters, inputs) = QuartzMapping.RunOf(context.MergedJobDataMap);
        LaunchedRun run;
        try
        {
            run = await launcher.LaunchAsync(new ScheduledRunRequest(pipeline, parameters, inputs, trigger), cancellationToken);
        }
        catch (DuplicateRunTriggerException)
        {
            Log.AlreadyStarted(_log, trigger.Describe(), "(recorded by another scheduler meanwhile)");
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The slot is spent: a definition or binding that cannot run now is not retried until the next slot.
            Log.LaunchFailed(_log, e, trigger.Describe(), pipeline, e.Message);
            return;
        }

        Log.Started(_log, trigger.Describe(), pipeline, run.RunId, context.Recovering);
        await run.Completion.WaitAsync(cancellationToken);
        Log.Ended(_log, trigger.Describe(), run.RunId);
    }

    /// <summary>
    /// The slot a firing is for: its scheduled time, or for a recovered firing (which fires at the time of its recovery),
    /// the original firing's scheduled time, which Quartz keeps in the recovery trigger's data.
    /// </summary>
    private static DateTimeOffset SlotOf(IJobExecutionContext context)
    {
        if (context.Recovering
            && context.MergedJobDataMap.GetString(SchedulerConstants.FailedJobOriginalTriggerScheduledFireTime) is { } original
            && DateTimeOffset.TryParse(original, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var slot))
        {
            return slot.ToUniversalTime();
        }

        return context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
    }
}
