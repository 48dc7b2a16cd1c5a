namespace Mlmax.Scheduling;

/// <summary>What <see cref="ScheduleBook.SyncDeclaredAsync"/> changed, by id.</summary>
/// <param name="Added">Declared schedules and watches stored for the first time.</param>
/// <param name="Updated">Stored ones whose declaration changed (a paused one stays paused).</param>
/// <param name="Removed">Stored declared ones the definitions no longer declare.</param>
/// <param name="Unchanged">Stored ones already as declared.</param>
/// <param name="Conflicts">Declared ids taken by a schedule or watch added by hand (left as they are; remove them to let the declaration in).</param>
public sealed record DeclaredSync(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Updated,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> Unchanged,
    IReadOnlyList<string> Conflicts)
{
    /// <summary>Whether anything was added, updated or removed.</summary>
    public bool Changed => Added.Count + Updated.Count + Removed.Count > 0;
}
