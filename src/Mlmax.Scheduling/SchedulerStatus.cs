namespace Mlmax.Scheduling;

/// <summary>What <see cref="SchedulerPresence"/> finds in a metadata database.</summary>
/// <param name="Schedules">How many schedules it holds.</param>
/// <param name="Paused">How many of them are paused.</param>
/// <param name="Schedulers">The schedulers that fire them (on PostgreSQL, also those that stopped checking in).</param>
public sealed record SchedulerStatus(int Schedules, int Paused, IReadOnlyList<ActiveScheduler> Schedulers)
{
    /// <summary>The schedulers running now.</summary>
    public IReadOnlyList<ActiveScheduler> Alive => Schedulers.Where(s => s.Alive).ToList();
}
