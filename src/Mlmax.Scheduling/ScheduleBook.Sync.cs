using System.Text.Json;
using Mlmax.Scheduling.Internal;
using Quartz;

namespace Mlmax.Scheduling;

/// <summary>Keeping the schedules and watches declared in pipeline definitions in step with the stored ones.</summary>
public sealed partial class ScheduleBook
{
    /// <summary>
    /// Makes the stored declared schedules and watches what the definitions declare: adds the new ones, replaces the changed
    /// ones (a paused one stays paused; one whose slots did not change keeps its next slot), and removes the declared ones no
    /// definition declares any more. Those added by hand are left alone; a declared id one of them holds is a conflict.
    /// </summary>
    /// <param name="schedules">Every schedule the project's definitions declare (ids <c>PIPELINE.NAME</c>).</param>
    /// <param name="watches">Every watch they declare.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What changed.</returns>
    /// <exception cref="ArgumentException">A declared schedule or watch is not valid (nothing was changed).</exception>
    public async Task<DeclaredSync> SyncDeclaredAsync(IReadOnlyCollection<ScheduleSpec> schedules, IReadOnlyCollection<WatchSpec> watches, CancellationToken cancellationToken)
    {
        schedules = [.. schedules.Select(s => s with { Declared = true })];
        watches = [.. watches.Select(w => w with { Declared = true })];
        foreach (var s in schedules)
        {
            Validate(s);
        }

        foreach (var w in watches)
        {
            Validate(w);
        }

        var (added, updated, unchanged, conflicts, removed) = (new List<string>(), new List<string>(), new List<string>(), new List<string>(), new List<string>());
        var declared = schedules.Select(s => s.Id).Concat(watches.Select(w => w.Id)).ToHashSet(StringComparer.Ordinal);
        foreach (var group in new[] { QuartzMapping.Group, WatchMapping.Group })
        {
            foreach (var key in await _scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(group), cancellationToken))
            {
                var job = await _scheduler.GetJobDetail(key, cancellationToken);
                var kindChanged = group == QuartzMapping.Group ? watches.Any(w => w.Id == key.Name) : schedules.Any(s => s.Id == key.Name);
                if (job is not null && QuartzMapping.IsDeclared(job.JobDataMap) && (!declared.Contains(key.Name) || kindChanged))
                {
                    await _scheduler.DeleteJob(key, cancellationToken);
                    if (!declared.Contains(key.Name))
                    {
                        removed.Add(key.Name);
                    }
                }
            }
        }

        foreach (var spec in schedules)
        {
            var outcome = await SyncScheduleAsync(spec, cancellationToken);
            (outcome switch { Outcome.Added => added, Outcome.Updated => updated, Outcome.Unchanged => unchanged, _ => conflicts }).Add(spec.Id);
        }

        foreach (var spec in watches)
        {
            var outcome = await SyncWatchAsync(spec, cancellationToken);
            (outcome switch { Outcome.Added => added, Outcome.Updated => updated, Outcome.Unchanged => unchanged, _ => conflicts }).Add(spec.Id);
        }

        return new DeclaredSync(added, updated, removed, unchanged, conflicts);
    }

    private async Task<Outcome> SyncScheduleAsync(ScheduleSpec spec, CancellationToken cancellationToken)
    {
        var stored = await GetAsync(spec.Id, cancellationToken);
        if (stored is null)
        {
            if (await _scheduler.Exists(WatchMapping.JobKey(spec.Id), cancellationToken))
            {
                return Outcome.Conflict;
            }

            await _scheduler.ScheduleJob(QuartzMapping.Job(spec), QuartzMapping.Trigger(spec, _options.TimeProvider), cancellationToken: cancellationToken);
            return Outcome.Added;
        }

        if (!stored.Spec.Declared)
        {
            return Outcome.Conflict;
        }

        if (Signature(stored.Spec) == Signature(spec))
        {
            return Outcome.Unchanged;
        }

        if (stored.Spec with { Parameters = spec.Parameters, Inputs = spec.Inputs } == spec)
        {
            // Only what runs changed: the trigger, and with it the next slot, stays.
            await _scheduler.AddJob(QuartzMapping.Job(spec), AddJobOptions.Replacing, cancellationToken);
        }
        else
        {
            await _scheduler.ScheduleJob(QuartzMapping.Job(spec), [QuartzMapping.Trigger(spec, _options.TimeProvider)], ScheduleJobOptions.Replacing, cancellationToken);
            if (stored.Paused)
            {
                await _scheduler.PauseTrigger(QuartzMapping.TriggerKey(spec.Id), cancellationToken);
            }
        }

        return Outcome.Updated;
    }

    private async Task<Outcome> SyncWatchAsync(WatchSpec spec, CancellationToken cancellationToken)
    {
        var stored = await GetWatchAsync(spec.Id, cancellationToken);
        if (stored is null)
        {
            if (await _scheduler.Exists(QuartzMapping.JobKey(spec.Id), cancellationToken))
            {
                return Outcome.Conflict;
            }

            await _scheduler.ScheduleJob(WatchMapping.Job(spec), WatchMapping.Trigger(spec, _options.TimeProvider), cancellationToken: cancellationToken);
            return Outcome.Added;
        }

        if (!stored.Spec.Declared)
        {
            return Outcome.Conflict;
        }

        if (Signature(stored.Spec) == Signature(spec))
        {
            return Outcome.Unchanged;
        }

        var job = WatchMapping.Job(spec);
        if (stored.Spec.Path == spec.Path && await _scheduler.GetJobDetail(WatchMapping.JobKey(spec.Id), cancellationToken) is { } old
            && old.JobDataMap.GetString(WatchMapping.TakenKey) is { } taken)
        {
            // What earlier batches took stays taken.
            job.JobDataMap[WatchMapping.TakenKey] = taken;
        }

        await _scheduler.ScheduleJob(job, [WatchMapping.Trigger(spec, _options.TimeProvider)], ScheduleJobOptions.Replacing, cancellationToken);
        if (stored.Paused)
        {
            await _scheduler.PauseTrigger(WatchMapping.TriggerKey(spec.Id), cancellationToken);
        }

        return Outcome.Updated;
    }

    /// <summary>A spec's value as text, dictionaries sorted (records compare dictionaries by reference).</summary>
    private static string Signature<T>(T spec) => JsonSerializer.Serialize(spec) + JsonSerializer.Serialize(spec switch
    {
        ScheduleSpec s => new[] { Sorted(s.Parameters), Sorted(s.Inputs) },
        WatchSpec w => new[] { Sorted(w.Parameters) },
        _ => [],
    });

    private static SortedDictionary<string, string> Sorted(IReadOnlyDictionary<string, string> values) => new(values.ToDictionary(), StringComparer.Ordinal);

    private enum Outcome
    {
        Added,
        Updated,
        Unchanged,
        Conflict,
    }
}
