using Mlmax.Metadata;

namespace Mlmax.Scheduling;

/// <summary>Starts the run a schedule's slot asks for: locally, or on the worker fleet.</summary>
public interface IRunLauncher
{
    /// <summary>
    /// Plans and records the run with <see cref="ScheduledRunRequest.Trigger"/> as its trigger, then starts it. Recording it
    /// is what claims the slot: the metadata store refuses a second run with the same trigger.
    /// </summary>
    /// <param name="request">What to run and why.</param>
    /// <param name="cancellationToken">Cancels the launch, and a run that is still going when the scheduler stops.</param>
    /// <returns>The run, once recorded and started.</returns>
    /// <exception cref="DuplicateRunTriggerException">The slot already has its run; nothing was started.</exception>
    Task<LaunchedRun> LaunchAsync(ScheduledRunRequest request, CancellationToken cancellationToken);
}
