namespace Mlmax.Scheduling;

/// <summary>A stored watch and where it stands.</summary>
/// <param name="Spec">The watch.</param>
/// <param name="Paused">Whether it is paused (its path is not listed until it is resumed).</param>
/// <param name="NextPoll">When it is listed next; <see langword="null"/> when paused.</param>
public sealed record WatchState(WatchSpec Spec, bool Paused, DateTimeOffset? NextPoll);
