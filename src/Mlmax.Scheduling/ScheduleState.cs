namespace Mlmax.Scheduling;

/// <summary>A stored schedule and where it stands.</summary>
/// <param name="Spec">The schedule.</param>
/// <param name="Paused">Whether it is paused (no slot fires until it is resumed).</param>
/// <param name="NextFires">Its next slots, soonest first (in UTC; the time zone is the spec's); empty when paused.</param>
public sealed record ScheduleState(ScheduleSpec Spec, bool Paused, IReadOnlyList<DateTimeOffset> NextFires);
