using System.Text.RegularExpressions;
using Mlmax.Scheduling.Internal;
using Quartz;
using MisfirePolicy = Mlmax.Specs.MisfirePolicy;
using OverlapPolicy = Mlmax.Specs.OverlapPolicy;

namespace Mlmax.Scheduling;

/// <summary>
/// The schedules and watches stored in a metadata database: add, list (with their next slots), pause, resume, remove, and
/// sync the ones declared in definitions. They are Quartz.NET jobs and triggers in its tables beside mlmax's, so every
/// scheduler of the database sees a change.
/// </summary>
public sealed partial class ScheduleBook : IAsyncDisposable
{
    private readonly IScheduler _scheduler;
    private readonly SchedulerOptions _options;
    private readonly ISchedulerFactory? _owned;

    internal ScheduleBook(IScheduler scheduler, SchedulerOptions options, ISchedulerFactory? owned)
    {
        _scheduler = scheduler;
        _options = options;
        _owned = owned;
    }

    /// <summary>Opens the schedules of a database without running them (what <c>mlmax schedule</c> needs).</summary>
    /// <param name="database">The metadata database.</param>
    /// <param name="options">The clock and the listing length; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The book; dispose it.</returns>
    public static async Task<ScheduleBook> OpenAsync(SchedulerDatabase database, SchedulerOptions? options, CancellationToken cancellationToken)
    {
        options ??= new SchedulerOptions();
        var (scheduler, factory) = await QuartzSchedulers.BuildAsync(database, options with { NodeId = options.NodeId + ":book" }, _ => { }, cancellationToken);
        return new ScheduleBook(scheduler, options, factory);
    }

    /// <summary>Checks a schedule: its id, cron expression and time zone.</summary>
    /// <param name="spec">The schedule.</param>
    /// <exception cref="ArgumentException">What is wrong, naming the schedule and the field.</exception>
    public static void Validate(ScheduleSpec spec)
    {
        if (!IdPattern().IsMatch(spec.Id))
        {
            throw new ArgumentException($"schedule id '{spec.Id}': use letters, digits, '-', '_' and '.', starting with a letter or digit (at most 100)");
        }

        if (string.IsNullOrWhiteSpace(spec.Pipeline))
        {
            throw new ArgumentException($"schedule '{spec.Id}': no pipeline");
        }

        try
        {
            CronExpression.Parse(spec.Cron, CronFormat.Unix);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"schedule '{spec.Id}': cron '{spec.Cron}' is not a five-field crontab expression (minute hour day-of-month month day-of-week): {e.Message}", e);
        }

        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(spec.TimeZone);
        }
        catch (TimeZoneNotFoundException e)
        {
            throw new ArgumentException($"schedule '{spec.Id}': unknown time zone '{spec.TimeZone}' (an IANA name such as Europe/London or UTC)", e);
        }
    }

    /// <summary>Stores a new schedule; its first slot is the first one after now.</summary>
    /// <param name="spec">The schedule.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored schedule with its next slots.</returns>
    /// <exception cref="ArgumentException">The schedule is not valid.</exception>
    /// <exception cref="InvalidOperationException">A schedule with that id exists.</exception>
    public async Task<ScheduleState> AddAsync(ScheduleSpec spec, CancellationToken cancellationToken)
    {
        Validate(spec);
        await RefuseTakenIdAsync(spec.Id, cancellationToken);

        await _scheduler.ScheduleJob(QuartzMapping.Job(spec), QuartzMapping.Trigger(spec, _options.TimeProvider), cancellationToken: cancellationToken);
        return (await GetAsync(spec.Id, cancellationToken))!;
    }

    /// <summary>A schedule and its next slots.</summary>
    /// <param name="id">The schedule's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The schedule, or <see langword="null"/>.</returns>
    public async Task<ScheduleState?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var job = await _scheduler.GetJobDetail(QuartzMapping.JobKey(id), cancellationToken);
        if (job is null || await _scheduler.GetTrigger(QuartzMapping.TriggerKey(id), cancellationToken) is not ICronTrigger trigger)
        {
            return null;
        }

        var paused = await _scheduler.GetTriggerState(trigger.Key, cancellationToken) == TriggerState.Paused;
        return new ScheduleState(QuartzMapping.Spec(job, trigger), paused, paused ? [] : NextFires(trigger));
    }

    /// <summary>Every schedule, by id.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The schedules.</returns>
    public async Task<IReadOnlyList<ScheduleState>> ListAsync(CancellationToken cancellationToken)
    {
        var keys = await _scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(QuartzMapping.Group), cancellationToken);
        var list = new List<ScheduleState>();
        foreach (var key in keys.OrderBy(k => k.Name, StringComparer.Ordinal))
        {
            if (await GetAsync(key.Name, cancellationToken) is { } state)
            {
                list.Add(state);
            }
        }

        return list;
    }

    /// <summary>Pauses a schedule (none of its slots fires) or a watch (its path is not listed) until it is resumed.</summary>
    /// <param name="id">The schedule's or watch's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the schedule or watch exists.</returns>
    public async Task<bool> PauseAsync(string id, CancellationToken cancellationToken)
    {
        if (await TriggerOfAsync(id, cancellationToken) is not { } key)
        {
            return false;
        }

        await _scheduler.PauseTrigger(key, cancellationToken);
        return true;
    }

    /// <summary>Resumes a paused schedule (the slots it missed while paused are handled by its <see cref="MisfirePolicy"/>) or watch.</summary>
    /// <param name="id">The schedule's or watch's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the schedule or watch exists.</returns>
    public async Task<bool> ResumeAsync(string id, CancellationToken cancellationToken)
    {
        if (await TriggerOfAsync(id, cancellationToken) is not { } key)
        {
            return false;
        }

        await _scheduler.ResumeTrigger(key, cancellationToken);
        return true;
    }

    /// <summary>Removes a schedule or watch. A run it started goes on; runs keep their trigger.</summary>
    /// <param name="id">The schedule's or watch's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the schedule or watch existed.</returns>
    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken) =>
        await _scheduler.DeleteJob(QuartzMapping.JobKey(id), cancellationToken) || await _scheduler.DeleteJob(WatchMapping.JobKey(id), cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_owned is not null)
        {
            await _scheduler.Shutdown(waitForJobsToComplete: false);
            await Disposal.DisposeAsync(_owned);
        }
    }

    private List<DateTimeOffset> NextFires(ICronTrigger trigger)
    {
        var fires = new List<DateTimeOffset>();
        var next = trigger.NextFireTimeUtc;
        while (next is { } n && fires.Count < _options.NextFiresShown)
        {
            fires.Add(n);
            next = trigger.GetFireTimeAfter(n);
        }

        return fires;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex IdPattern();
}
