using System.Globalization;
using Mlmax.Scheduling;

namespace Mlmax.Cli.Internal.Doctor;

/// <summary>The project's schedules, and whether a scheduler is running to fire them.</summary>
internal static class SchedulerCheck
{
    public const string Name = "scheduler";

    public static async Task<DoctorCheck> CheckAsync(string root, Definitions.ProjectSettings settings, CancellationToken cancellationToken)
    {
        var database = Schedules.Database(Path.Combine(root, ".mlmax"), settings);
        var now = TimeProvider.System.GetUtcNow();
        var status = await SchedulerPresence.FindAsync(database, TimeProvider.System, cancellationToken);
        var alive = status.Alive;
        var schedules = status.Schedules == 0
            ? "no schedules"
            : $"{status.Schedules} schedule{(status.Schedules == 1 ? "" : "s")}{(status.Paused > 0 ? $" ({status.Paused} paused)" : "")}";
        if (alive.Count == 0)
        {
            return status.Schedules - status.Paused > 0
                ? DoctorCheck.Warn(Name, $"{schedules}, but no scheduler is running, so no slot fires: start one with mlmax scheduler (or mlmax worker --scheduler on the fleet)")
                : DoctorCheck.Ok(Name, $"{schedules}; no scheduler running");
        }

        var who = database.IsShared
            ? string.Join(", ", alive.Select(s => $"{s.NodeId} (checked in {Ago(now - s.LastCheckIn!.Value)})"))
            : $"one active (it holds {SchedulerPresence.LockPath(database.SqlitePath!)})";
        return DoctorCheck.Ok(Name, $"{schedules}; scheduler{(alive.Count == 1 ? "" : "s")} running: {who}");
    }

    private static string Ago(TimeSpan span) =>
        span < TimeSpan.FromSeconds(1) ? "just now" : span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s ago";
}
