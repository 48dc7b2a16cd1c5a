using Mlmax.Scheduling.Internal;
using Quartz;

namespace Mlmax.Scheduling;

/// <summary>The watches (data triggers): Quartz jobs of their own group, polled by a repeating trigger.</summary>
public sealed partial class ScheduleBook
{
    /// <summary>Checks a watch: its id, path, pattern and poll interval.</summary>
    /// <param name="spec">The watch.</param>
    /// <exception cref="ArgumentException">What is wrong, naming the watch and the field.</exception>
    public static void Validate(WatchSpec spec)
    {
        if (!IdPattern().IsMatch(spec.Id))
        {
            throw new ArgumentException($"watch id '{spec.Id}': use letters, digits, '-', '_' and '.', starting with a letter or digit (at most 100)");
        }

        if (string.IsNullOrWhiteSpace(spec.Pipeline) || string.IsNullOrWhiteSpace(spec.Input))
        {
            throw new ArgumentException($"watch '{spec.Id}': no pipeline or input");
        }

        if (spec.IsS3)
        {
            try
            {
                Stores.S3.S3Root.Parse(spec.Path);
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"watch '{spec.Id}': path '{spec.Path}': {e.Message}", e);
            }
        }
        else if (!Path.IsPathFullyQualified(spec.Path))
        {
            throw new ArgumentException($"watch '{spec.Id}': path '{spec.Path}' must be an absolute directory or s3://BUCKET/PREFIX");
        }

        if (string.IsNullOrWhiteSpace(spec.Pattern) || spec.Pattern.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"watch '{spec.Id}': pattern '{spec.Pattern}' must be a file name pattern (* and ?), e.g. *.csv");
        }

        if (spec.Poll < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"watch '{spec.Id}': poll at most once a second (e.g. 30s)");
        }
    }

    /// <summary>Stores a new watch; its first poll is now.</summary>
    /// <param name="spec">The watch.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored watch.</returns>
    /// <exception cref="ArgumentException">The watch is not valid.</exception>
    /// <exception cref="InvalidOperationException">A schedule or watch with that id exists.</exception>
    public async Task<WatchState> AddWatchAsync(WatchSpec spec, CancellationToken cancellationToken)
    {
        Validate(spec);
        await RefuseTakenIdAsync(spec.Id, cancellationToken);
        await _scheduler.ScheduleJob(WatchMapping.Job(spec), WatchMapping.Trigger(spec, _options.TimeProvider), cancellationToken: cancellationToken);
        return (await GetWatchAsync(spec.Id, cancellationToken))!;
    }

    /// <summary>A watch and when it polls next.</summary>
    /// <param name="id">The watch's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The watch, or <see langword="null"/>.</returns>
    public async Task<WatchState?> GetWatchAsync(string id, CancellationToken cancellationToken)
    {
        var job = await _scheduler.GetJobDetail(WatchMapping.JobKey(id), cancellationToken);
        if (job is null || await _scheduler.GetTrigger(WatchMapping.TriggerKey(id), cancellationToken) is not { } trigger)
        {
            return null;
        }

        var paused = await _scheduler.GetTriggerState(trigger.Key, cancellationToken) == TriggerState.Paused;
        return new WatchState(WatchMapping.Spec(job), paused, paused ? null : trigger.NextFireTimeUtc);
    }

    /// <summary>Every watch, by id.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The watches.</returns>
    public async Task<IReadOnlyList<WatchState>> ListWatchesAsync(CancellationToken cancellationToken)
    {
        var keys = await _scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(WatchMapping.Group), cancellationToken);
        var list = new List<WatchState>();
        foreach (var key in keys.OrderBy(k => k.Name, StringComparer.Ordinal))
        {
            if (await GetWatchAsync(key.Name, cancellationToken) is { } state)
            {
                list.Add(state);
            }
        }

        return list;
    }

    /// <summary>Whether an id names a declared schedule or watch (one <c>mlmax schedule remove</c> refuses: the definition would bring it back).</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it is declared.</returns>
    public async Task<bool> IsDeclaredAsync(string id, CancellationToken cancellationToken)
    {
        var job = await _scheduler.GetJobDetail(QuartzMapping.JobKey(id), cancellationToken)
            ?? await _scheduler.GetJobDetail(WatchMapping.JobKey(id), cancellationToken);
        return job is not null && QuartzMapping.IsDeclared(job.JobDataMap);
    }

    private async Task RefuseTakenIdAsync(string id, CancellationToken cancellationToken)
    {
        var taken = await _scheduler.Exists(QuartzMapping.JobKey(id), cancellationToken) ? "schedule"
            : await _scheduler.Exists(WatchMapping.JobKey(id), cancellationToken) ? "watch"
            : null;
        if (taken is not null)
        {
            throw new InvalidOperationException($"{taken} '{id}' exists (remove it first, or choose another id)");
        }
    }

    /// <summary>The trigger of a schedule or watch id: the schedule's if there is one.</summary>
    private async Task<TriggerKey?> TriggerOfAsync(string id, CancellationToken cancellationToken) =>
        await _scheduler.Exists(QuartzMapping.TriggerKey(id), cancellationToken) ? QuartzMapping.TriggerKey(id)
        : await _scheduler.Exists(WatchMapping.TriggerKey(id), cancellationToken) ? WatchMapping.TriggerKey(id)
        : null;
}
