namespace Mlmax.Specs;

/// <summary>One step of a pipeline: its code, wiring, parameters and run policy.</summary>
/// <param name="Name">The step's name, unique in its pipeline.</param>
/// <param name="Runner">How its code runs.</param>
/// <param name="Inputs">Its inputs, each wired to a pipeline input or another step's output.</param>
/// <param name="Outputs">The outputs it must write.</param>
/// <param name="Parameters">The parameters it receives.</param>
public sealed record StepSpec(
    string Name,
    StepRunner Runner,
    IReadOnlyList<InputBinding> Inputs,
    IReadOnlyList<OutputSpec> Outputs,
    IReadOnlyList<ParameterBinding> Parameters)
{
    /// <summary>Retries with backoff. <value><see cref="RetryPolicy.None"/></value></summary>
    public RetryPolicy Retry { get; init; } = RetryPolicy.None;

    /// <summary>The longest one attempt may take, or <see langword="null"/> for no limit.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Whether unchanged work is reused from earlier runs. <value><see langword="true"/></value></summary>
    public bool Cache { get; init; } = true;

    /// <summary>Files (relative to the project, globs allowed) whose content identifies the step's code.
    /// Empty means the default: the script of a Python step, the source file declaring the class of a .NET step.</summary>
    public IReadOnlyList<string> Code { get; init; } = [];

    /// <summary>Runs a .NET step inside the mlmax process instead of its own; <see langword="null"/> leaves it to the executor.</summary>
    public bool? InProcess { get; init; }

    /// <summary>What the step does.</summary>
    public string? Description { get; init; }
}
