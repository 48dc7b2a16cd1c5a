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
    /// <summary>The worker pool of steps that name none.</summary>
    public const string DefaultPool = "default";

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

    /// <summary>
    /// The worker pool (queue) the step runs on when the pipeline runs on a worker fleet, e.g. <c>gpu</c> or
    /// <c>highmem</c>: 1 to 50 lowercase letters, digits, <c>_</c> and <c>-</c>. The local executor ignores it.
    /// Where a step runs does not change its results, so the pool is not part of its cache key.
    /// <value><see langword="null"/>: <see cref="DefaultPool"/>.</value>
    /// </summary>
    public string? Pool { get; init; }

    /// <summary>The pool the step runs on: <see cref="Pool"/>, or <see cref="DefaultPool"/> when it names none.</summary>
    public string EffectivePool => Pool ?? DefaultPool;

    /// <summary>
    /// For <see cref="PredictRunner"/> steps only: how many parts a worker fleet splits the step's
    /// <see cref="PredictRunner.DataInput"/> input into, each scored on its own worker, the predictions merged in
    /// input order. 1 to 1000. The local executor ignores it. Not part of the step's cache key.
    /// <value><see langword="null"/>: not split; the step is scored as one job.</value>
    /// </summary>
    public int? Partitions { get; init; }

    /// <summary>How <c>mlmax aws compile</c> runs the step as a SageMaker job. Not part of the step's cache key.
    /// <value><see langword="null"/>: a processing job with the compiler's defaults.</value></summary>
    public AwsJobSpec? Aws { get; init; }

    /// <summary>What the step does.</summary>
    public string? Description { get; init; }
}
