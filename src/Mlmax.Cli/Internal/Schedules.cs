using System.Globalization;
using Mlmax.Scheduling;
using Mlmax.Specs;

namespace Mlmax.Cli.Internal;

/// <summary>The project's schedules, as the <c>mlmax schedule</c> commands read and print them.</summary>
internal static class Schedules
{
    /// <summary>The schedules of the project's metadata database (its SQLite file, or the PostgreSQL database).</summary>
    public static Task<ScheduleBook> OpenAsync(ProjectHost host, CancellationToken cancellationToken) =>
        ScheduleBook.OpenAsync(Database(host), null, cancellationToken);

    /// <summary>Where the project's schedules are kept: its metadata database.</summary>
    public static SchedulerDatabase Database(ProjectHost host) => Database(host.StateDirectory, host.Settings);

    /// <summary>Where the schedules of a project with <paramref name="settings"/> are kept, without opening it (<c>mlmax doctor</c>).</summary>
    public static SchedulerDatabase Database(string stateDirectory, Definitions.ProjectSettings settings) =>
        MetadataStores.Configured(settings.Metadata) is { } configured and not "sqlite"
            ? SchedulerDatabase.Postgres(configured)
            : SchedulerDatabase.Sqlite(Path.Combine(stateDirectory, "mlmax.db"));

    public static MisfirePolicy ParseMisfire(string? text) => text switch
    {
        null or "run-once" => MisfirePolicy.RunOnce,
        "skip" => MisfirePolicy.Skip,
        _ => throw new UserException($"--misfire '{text}': use run-once (one run on wake-up for the slots missed) or skip"),
    };

    public static OverlapPolicy ParseOverlap(string? text) => text switch
    {
        null or "skip" => OverlapPolicy.Skip,
        "queue" => OverlapPolicy.Queue,
        _ => throw new UserException($"--overlap '{text}': use skip (drop a slot due while the last run goes on) or queue (run it after)"),
    };

    public static string Name(MisfirePolicy policy) => policy == MisfirePolicy.RunOnce ? "run-once" : "skip";

    public static string Name(OverlapPolicy policy) => policy == OverlapPolicy.Queue ? "queue" : "skip";

    /// <summary>A slot in the schedule's time zone, for people: <c>2026-03-28 03:00 (Europe/London)</c>.</summary>
    public static string Slot(DateTimeOffset slot, string zone) =>
        TimeZoneInfo.ConvertTime(slot, TimeZoneInfo.FindSystemTimeZoneById(zone)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A schedule as <c>--json</c> prints it.</summary>
    public static object ToJson(ScheduleState s) => new
    {
        schedule = s.Spec.Id,
        pipeline = s.Spec.Pipeline,
        cron = s.Spec.Cron,
        time_zone = s.Spec.TimeZone,
        parameters = s.Spec.Parameters,
        inputs = s.Spec.Inputs,
        misfire = Name(s.Spec.Misfire),
        overlap = Name(s.Spec.Overlap),
        paused = s.Paused,
        next = s.NextFires,
        origin = s.Spec.Declared ? "declared" : "added",
    };

    /// <summary>A watch as <c>--json</c> prints it.</summary>
    public static object ToJson(WatchState w) => new
    {
        watch = w.Spec.Id,
        pipeline = w.Spec.Pipeline,
        path = w.Spec.Path,
        pattern = w.Spec.Pattern,
        input = w.Spec.Input,
        batch = w.Spec.Batch,
        poll_seconds = w.Spec.Poll.TotalSeconds,
        parameters = w.Spec.Parameters,
        paused = w.Paused,
        next_poll = w.NextPoll,
        origin = w.Spec.Declared ? "declared" : "added",
    };

    /// <summary>A poll interval as <c>--poll</c> takes it: <c>30s</c>, <c>5m</c>, <c>1h</c>.</summary>
    public static TimeSpan ParsePoll(string? text)
    {
        if (text is null)
        {
            return TimeSpan.FromSeconds(30);
        }

        var unit = text.Length > 1 ? text[^1] : ' ';
        var ok = int.TryParse(text.AsSpan(0, Math.Max(0, text.Length - 1)), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount > 0;
        return (ok, unit) switch
        {
            (true, 's') => TimeSpan.FromSeconds(amount),
            (true, 'm') => TimeSpan.FromMinutes(amount),
            (true, 'h') => TimeSpan.FromHours(amount),
            _ => throw new UserException($"--poll '{text}': give a duration like 30s, 5m or 1h"),
        };
    }
}
