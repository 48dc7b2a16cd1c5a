using System.Collections.Immutable;
using Mlmax.Definitions.Internal;
using Mlmax.Specs;

namespace Mlmax.Definitions;

/// <summary>Configures one step for <see cref="PipelineBuilder.Step(string, StepRunner, Func{StepBuilder, StepBuilder})"/>.
/// Immutable: every call returns a new builder. Problems (such as a malformed reference) are reported by
/// <see cref="PipelineBuilder.Build"/>.</summary>
public sealed class StepBuilder
{
    private StepBuilder(StepSpec spec, ImmutableList<DefinitionError> pending)
    {
        Spec = spec;
        Pending = pending;
    }

    internal StepBuilder(string name, StepRunner runner)
        : this(new StepSpec(name, runner, [], [], []), [])
    {
    }

    internal StepSpec Spec { get; }

    internal ImmutableList<DefinitionError> Pending { get; }

    private string Key => $"steps.{Spec.Name}";

    /// <summary>Wires an input to <c>inputs.NAME</c> or <c>STEP.OUTPUT</c>.</summary>
    /// <param name="name">The input's name as the step sees it.</param>
    /// <param name="reference">The reference text.</param>
    /// <returns>A new builder.</returns>
    public StepBuilder Input(string name, string reference) =>
        DataReference.TryParse(reference) is { } source
            ? Input(name, source)
            : Fail($"inputs.{name}", $"invalid reference '{reference}': expected inputs.NAME (a pipeline input) or STEP.OUTPUT (another step's output)");

    /// <summary>Wires an input to a data reference.</summary>
    /// <param name="name">The input's name as the step sees it.</param>
    /// <param name="source">Where the data comes from.</param>
    /// <returns>A new builder.</returns>
    public StepBuilder Input(string name, DataReference source) =>
        With(Spec with { Inputs = [.. Spec.Inputs, new InputBinding(name, source)] });

    /// <summary>Declares an output.</summary>
    /// <param name="name">The output's name.</param>
    /// <param name="description">What it holds.</param>
    /// <returns>A new builder.</returns>
    public StepBuilder Output(string name, string? description = null) =>
        With(Spec with { Outputs = [.. Spec.Outputs, new OutputSpec(name, description)] });

    /// <summary>Declares outputs without descriptions.</summary>
    /// <param name="names">The outputs' names.</param>
    /// <returns>A new builder.</returns>
    public StepBuilder Outputs(params string[] names) =>
        With(Spec with { Outputs = [.. Spec.Outputs, .. names.Select(n => new OutputSpec(n))] });

    /// <summary>Passes a parameter: a literal (<see cref="string"/>, <see cref="long"/>, <see cref="double"/>,
    /// <see cref="bool"/>; <see cref="int"/> and <see cref="float"/> are widened), or a pipeline parameter written <c>${params.NAME}</c>.</summary>
    /// <param name="name">The parameter's name as the step sees it.</param>
    /// <param name="value">The value.</param>
    /// <returns>A new builder.</returns>
    public StepBuilder Parameter(string name, object value)
    {
        if (value is string text && ParameterReferences.TryParse(text) is { } parameter)
        {
            return ParameterFrom(name, parameter);
        }

        if (value is string partial && ParameterReferences.LooksLikeReference(partial))
        {
            return Fail($"parameters.{name}", $"invalid parameter reference '{partial}': a reference is the whole value, written ${{params.NAME}}");
        }

        return With(Spec with { Parameters = [.. Spec.Parameters, new ParameterBinding(name, Literals.Normalize(value))] });
    }

    /// <summary>Passes a pipeline parameter's run-time value.</summary>
    /// <param name="name">The parameter's name as the step sees it.</param>
    /// <param name="pipelineParameter">The pipeline parameter.</param>
    /// <returns>A new builder.</returns>
    public StepBuilder ParameterFrom(string name, string pipelineParameter) =>
        With(Spec with { Parameters = [.. Spec.Parameters, ParameterBinding.FromPipeline(name, pipelineParameter)] });

    /// <summary>Retries a failing step.</summary>
    /// <param name="maxAttempts">Attempts in all, at least 1.</param>
    /// <param name="backoff">The wait before the second attempt; it doubles for each later one.</param>
    /// <returns>A new builder.</returns>
    public StepBuilder Retry(int maxAttempts, TimeSpan backoff) => With(Spec with { Retry = new RetryPolicy(maxAttempts, backoff) });

    /// <summary>Retries a failing step <paramref name="retries"/> times with a 1 s initial backoff, like YAML's <c>retries: N</c>.</summary>
    /// <param name="retries">The retries after the first attempt.</param>
    /// <returns>A new builder.</returns>
    public StepBuilder Retries(int retries) =>
        With(Spec with { Retry = retries == 0 ? RetryPolicy.None : new RetryPolicy(retries + 1, TimeSpan.FromSeconds(1)) });

    /// <summary>Limits how long one attempt may take.</summary>
    /// <param name="timeout">The limit, positive and in whole milliseconds.</param>
    /// <returns>A new builder.</returns>
    public StepBuilder Timeout(TimeSpan timeout) => With(Spec with { Timeout = timeout });

    /// <summary>Turns reuse of unchanged work on or off (on by default).</summary>
    /// <param name="cache">Whether to reuse.</param>
    /// <returns>A new builder.</returns>
    public StepBuilder Cache(bool cache) => With(Spec with { Cache = cache });

    /// <summary>Names the files (globs allowed) whose content identifies the step's code.</summary>
    /// <param name="files">The files, relative to the project.</param>
    /// <returns>A new builder.</returns>
    public StepBuilder Code(params string[] files) => With(Spec with { Code = [.. Spec.Code, .. files] });

    /// <summary>Runs a .NET step inside the mlmax process, or in its own.</summary>
    /// <param name="inProcess">Whether to run in process.</param>
    /// <returns>A new builder.</returns>
    public StepBuilder InProcess(bool inProcess) => With(Spec with { InProcess = inProcess });

    /// <summary>Runs the step on a worker pool (queue) of a worker fleet, like YAML's <c>pool: NAME</c>; the local
    /// executor ignores it.</summary>
    /// <param name="pool">The pool: 1 to 50 lowercase letters, digits, <c>_</c> and <c>-</c>, e.g. <c>gpu</c>.</param>
    /// <returns>A new builder.</returns>
    public StepBuilder Pool(string pool) => With(Spec with { Pool = pool });

    /// <summary>Splits a predict step's data input into parts scored on different workers of a worker fleet and
    /// merged in order, like YAML's <c>partitions: N</c>; the local executor ignores it.</summary>
    /// <param name="partitions">The parts, 1 to 1000.</param>
    /// <returns>A new builder.</returns>
    public StepBuilder Partitions(int partitions) => With(Spec with { Partitions = partitions });

    /// <summary>Sets how <c>mlmax aws compile</c> runs the step as a SageMaker job, like YAML's <c>aws:</c> mapping.</summary>
    /// <param name="job">The job settings.</param>
    /// <returns>A new builder.</returns>
    public StepBuilder Aws(AwsJobSpec job) => With(Spec with { Aws = job });

    /// <summary>Sets what the step does.</summary>
    /// <param name="description">The description.</param>
    /// <returns>A new builder.</returns>
    public StepBuilder Description(string description) => With(Spec with { Description = description });

    private StepBuilder With(StepSpec spec) => new(spec, Pending);

    private StepBuilder Fail(string key, string message) =>
        new(Spec, Pending.Add(new DefinitionError(string.Empty, 0, 0, $"{Key}.{key}", message)));
}
