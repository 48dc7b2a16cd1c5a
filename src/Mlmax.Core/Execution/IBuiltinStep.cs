namespace Mlmax.Execution;

/// <summary>
/// A step whose code is mlmax's own (e.g. the batch scorer of predict steps). It runs in the executor's process
/// through the same contract as every step: inputs materialized in the workspace, outputs written there,
/// parameters and the metrics file in <see cref="StepWorkspace.Contract"/>.
/// </summary>
public interface IBuiltinStep
{
    /// <summary>Runs one attempt.</summary>
    /// <param name="workspace">The step's workspace, inputs in place.</param>
    /// <param name="log">Receives log lines.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>The exit code: 0 on success.</returns>
    Task<int> RunAsync(StepWorkspace workspace, Action<string> log, CancellationToken cancellationToken);
}
