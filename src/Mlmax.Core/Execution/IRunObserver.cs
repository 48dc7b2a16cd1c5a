using Mlmax.Metadata;

namespace Mlmax.Execution;

/// <summary>Receives a run's progress, for live display. Called from several threads; implementations synchronize.</summary>
public interface IRunObserver
{
    /// <summary>A step attempt started.</summary>
    /// <param name="step">The step.</param>
    /// <param name="attempt">The attempt, from 1.</param>
    void StepStarted(string step, int attempt);

    /// <summary>A step wrote a log line.</summary>
    /// <param name="step">The step.</param>
    /// <param name="line">The line.</param>
    void StepLog(string step, string line);

    /// <summary>A step finished (ran, was reused, failed or was cancelled).</summary>
    /// <param name="record">Its record.</param>
    /// <param name="explanation">Why it ran or was reused.</param>
    void StepFinished(StepRunRecord record, string explanation);
}
