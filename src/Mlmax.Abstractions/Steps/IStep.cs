namespace Mlmax.Steps;

/// <summary>A unit of step code. mlmax creates the instance with its parameterless constructor and calls it once per attempt.</summary>
public interface IStep
{
    /// <summary>Runs the step: read <see cref="StepContext.Inputs"/>, fill <see cref="StepContext.Outputs"/>.</summary>
    /// <param name="context">The step's inputs, outputs, parameters and log.</param>
    /// <param name="cancellationToken">Signalled on Ctrl-C, timeout or a failed sibling; stop promptly.</param>
    /// <returns>A task that completes when the step is done.</returns>
    Task ExecuteAsync(StepContext context, CancellationToken cancellationToken);
}
