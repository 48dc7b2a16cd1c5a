using Mlmax.Metadata;
using Mlmax.Specs;

namespace Mlmax.Execution;

/// <summary>Everything a run needs, resolved and checked before any step starts.</summary>
public sealed record RunPlan
{
    /// <summary>The run's id.</summary>
    public required string RunId { get; init; }

    /// <summary>The pipeline.</summary>
    public required PipelineSpec Pipeline { get; init; }

    /// <summary>The definition's canonical JSON.</summary>
    public required string DefinitionJson { get; init; }

    /// <summary>The definition's version.</summary>
    public required string DefinitionVersion { get; init; }

    /// <summary>Every pipeline parameter's value for this run.</summary>
    public required IReadOnlyDictionary<string, object> Parameters { get; init; }

    /// <summary>The registered version behind each parameter of type model (its value is the version's <c>NAME:VERSION</c>).</summary>
    public IReadOnlyDictionary<string, Registry.ModelVersionRecord> Models { get; init; } = new Dictionary<string, Registry.ModelVersionRecord>();

    /// <summary>Every pipeline input, bound to an artifact.</summary>
    public required IReadOnlyDictionary<string, InputBindingRecord> Inputs { get; init; }

    /// <summary>For a resumed run: its earlier step runs, reused where they finished.</summary>
    public IReadOnlyDictionary<string, StepRunRecord> Earlier { get; init; } = new Dictionary<string, StepRunRecord>();

    /// <summary>Whether this continues an existing run record.</summary>
    public bool IsResume { get; init; }

    /// <summary>What starts the run (a schedule's slot, ...), recorded with it; <see langword="null"/> when started by hand.</summary>
    public RunTrigger? Trigger { get; init; }
}

/// <summary>How to run.</summary>
/// <param name="NoCache">Run every step even when an identical earlier step run exists.</param>
/// <param name="MaxParallel">At most this many steps at once.</param>
public sealed record RunOptions(bool NoCache = false, int MaxParallel = 0)
{
    /// <summary>The effective parallelism: <see cref="MaxParallel"/>, or the number of cores.</summary>
    public int Parallelism => MaxParallel > 0 ? MaxParallel : Environment.ProcessorCount;
}

/// <summary>How a run ended.</summary>
/// <param name="Run">The run record.</param>
/// <param name="Steps">Its step runs.</param>
/// <param name="FailedStep">The step that failed, if any.</param>
/// <param name="FailedLogTail">The last lines of the failed step's log.</param>
public sealed record RunResult(RunRecord Run, IReadOnlyList<StepRunRecord> Steps, string? FailedStep, IReadOnlyList<string> FailedLogTail);
