namespace Mlmax.Aws.StepFunctions;

/// <summary>An Amazon States Language state machine (or a branch of a parallel state).</summary>
/// <param name="StartAt">The first state.</param>
/// <param name="States">The states by name, in the order they are written.</param>
public sealed record StateMachine(string StartAt, IReadOnlyDictionary<string, State> States)
{
    /// <summary>What the state machine does.</summary>
    public string? Comment { get; init; }

    /// <summary>The longest one execution may run, in seconds; <see langword="null"/> for no limit.</summary>
    public int? TimeoutSeconds { get; init; }
}
