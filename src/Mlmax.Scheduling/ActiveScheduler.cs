namespace Mlmax.Scheduling;

/// <summary>A scheduler that fires a metadata database's schedules, as <see cref="SchedulerPresence"/> finds it.</summary>
/// <param name="NodeId">Who it is (<c>HOST:PID</c> on PostgreSQL; <see langword="null"/> on SQLite, where only the lock shows it).</param>
/// <param name="LastCheckIn">When it last checked in (PostgreSQL); <see langword="null"/> on SQLite.</param>
/// <param name="Alive">Whether it checked in recently enough to be taken as running (on SQLite: it holds the lock).</param>
public sealed record ActiveScheduler(string? NodeId, DateTimeOffset? LastCheckIn, bool Alive);
