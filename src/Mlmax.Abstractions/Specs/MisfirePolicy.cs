namespace Mlmax.Specs;

/// <summary>What a schedule does with the slots that passed while no scheduler was running (or it was paused).</summary>
public enum MisfirePolicy
{
    /// <summary>Run once on wake-up, for the earliest missed slot, however many were missed; then carry on with the schedule.</summary>
    RunOnce,

    /// <summary>Run none of the missed slots; carry on with the next one.</summary>
    Skip,
}
