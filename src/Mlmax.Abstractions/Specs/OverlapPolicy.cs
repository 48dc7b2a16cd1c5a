namespace Mlmax.Specs;

/// <summary>What a schedule does when a slot comes due while the run of an earlier slot is still going.</summary>
public enum OverlapPolicy
{
    /// <summary>Drop the slot; the schedule moves on to the next one.</summary>
    Skip,

    /// <summary>Start the slot's run when the running one ends. At most one slot waits: the slots that came due meanwhile are folded into it.</summary>
    Queue,
}
