namespace Mlmax.Steps;

/// <summary>A step with typed parameters, bound from the step's parameters by name (snake_case or PascalCase).</summary>
/// <typeparam name="TParameters">A class with settable properties, one per parameter.</typeparam>
public abstract class Step<TParameters> : IStep
    where TParameters : class, new()
{
    /// <summary>Runs the step.</summary>
    /// <param name="context">The step's inputs, outputs and log.</param>
    /// <param name="parameters">The step's parameters, typed.</param>
    /// <param name="cancellationToken">Signalled on Ctrl-C, timeout or a failed sibling.</param>
    /// <returns>A task that completes when the step is done.</returns>
    protected abstract Task ExecuteAsync(StepContext context, TParameters parameters, CancellationToken cancellationToken);

    /// <inheritdoc/>
    Task IStep.ExecuteAsync(StepContext context, CancellationToken cancellationToken) =>
        ExecuteAsync(context, context.GetParameters<TParameters>(), cancellationToken);
}
