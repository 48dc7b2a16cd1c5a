using System.Collections.Immutable;
using Mlmax.Definitions.Internal;
using Mlmax.Specs;

namespace Mlmax.Definitions;

/// <summary>Builds a <see cref="PipelineSpec"/> in C#, equal (same canonical JSON and version) to the one the YAML
/// form of the same pipeline loads into. Immutable: every call returns a new builder.</summary>
/// <example>
/// <code>
/// var spec = new PipelineBuilder("training")
///     .Parameter("seed", ParameterType.Integer, 42L)
///     .Input("raw", InputKind.File, "data/x.csv")
///     .Step("preprocess", new DotnetRunner("Census.Steps.Preprocess"), s => s
///         .Input("raw", "inputs.raw")
///         .Outputs("train", "test", "transform")
///         .Parameter("seed", "${params.seed}")
///         .Timeout(TimeSpan.FromMinutes(10)))
///     .Step("train", new DotnetRunner("Census.Steps.Train"), s => s
///         .Input("train", "preprocess.train")
///         .Outputs("model"))
///     .Model("census", m => m
///         .Bundle("transform", "preprocess.transform")
///         .Bundle("model", "train.model"))
///     .Build();
/// </code>
/// </example>
public sealed class PipelineBuilder
{
    private readonly PipelineSpec spec;
    private readonly ImmutableList<DefinitionError> pending;

    /// <summary>Starts a pipeline with no parameters, inputs or steps.</summary>
    /// <param name="name">The pipeline's name.</param>
    public PipelineBuilder(string name)
        : this(new PipelineSpec(name, [], [], []), [])
    {
    }

    private PipelineBuilder(PipelineSpec spec, ImmutableList<DefinitionError> pending)
    {
        this.spec = spec;
        this.pending = pending;
    }

    /// <summary>Sets what the pipeline does.</summary>
    /// <param name="description">The description.</param>
    /// <returns>A new builder.</returns>
    public PipelineBuilder Description(string description) => new(spec with { Description = description }, pending);

    /// <summary>Adds a typed pipeline parameter. <see cref="int"/> and <see cref="float"/> defaults are widened to
    /// <see cref="long"/> and <see cref="double"/>, and whole defaults of number parameters become <see cref="double"/>, as in YAML.</summary>
    /// <param name="name">The parameter's name.</param>
    /// <param name="type">Its type.</param>
    /// <param name="defaultValue">Its default, or <see langword="null"/> when the run must supply it.</param>
    /// <param name="description">What it controls.</param>
    /// <returns>A new builder.</returns>
    public PipelineBuilder Parameter(string name, ParameterType type, object? defaultValue = null, string? description = null)
    {
        var value = Literals.Normalize(defaultValue);
        if (type == ParameterType.Number && value is long whole)
        {
            value = (double)whole;
        }

        return new(spec with { Parameters = [.. spec.Parameters, new ParameterSpec(name, type, value, description)] }, pending);
    }

    /// <summary>Adds a run-time file or directory input.</summary>
    /// <param name="name">The input's name.</param>
    /// <param name="kind">What it accepts.</param>
    /// <param name="defaultPath">The default path, relative to the project root.</param>
    /// <param name="description">What it is.</param>
    /// <returns>A new builder.</returns>
    public PipelineBuilder Input(string name, InputKind kind, string? defaultPath = null, string? description = null) =>
        Input(new InputSpec(name, kind, defaultPath, null, description));

    /// <summary>Adds an input taken from an output of another pipeline's run.</summary>
    /// <param name="name">The input's name.</param>
    /// <param name="from">The output it is taken from.</param>
    /// <param name="description">What it is.</param>
    /// <returns>A new builder.</returns>
    public PipelineBuilder ArtifactInput(string name, ArtifactSource from, string? description = null) =>
        Input(new InputSpec(name, InputKind.Artifact, null, from, description));

    /// <summary>Adds an input spec as it is.</summary>
    /// <param name="input">The input.</param>
    /// <returns>A new builder.</returns>
    public PipelineBuilder Input(InputSpec input) => new(spec with { Inputs = [.. spec.Inputs, input] }, pending);

    /// <summary>Adds a step, configured by <paramref name="configure"/>.</summary>
    /// <param name="name">The step's name.</param>
    /// <param name="runner">How its code runs.</param>
    /// <param name="configure">Sets its inputs, outputs, parameters and policy.</param>
    /// <returns>A new builder.</returns>
    public PipelineBuilder Step(string name, StepRunner runner, Func<StepBuilder, StepBuilder>? configure = null)
    {
        var step = new StepBuilder(name, runner);
        step = configure is null ? step : configure(step);
        return new(spec with { Steps = [.. spec.Steps, step.Spec] }, pending.AddRange(step.Pending));
    }

    /// <summary>Adds a step spec as it is.</summary>
    /// <param name="step">The step.</param>
    /// <returns>A new builder.</returns>
    public PipelineBuilder Step(StepSpec step) => new(spec with { Steps = [.. spec.Steps, step] }, pending);

    /// <summary>Declares the model version the pipeline registers after each successful run, configured by
    /// <paramref name="configure"/>; replaces any model declared before.</summary>
    /// <param name="name">The model's name in the registry, e.g. <c>census</c>.</param>
    /// <param name="configure">Sets its bundle, metrics step and gates.</param>
    /// <returns>A new builder.</returns>
    public PipelineBuilder Model(string name, Func<ModelBuilder, ModelBuilder> configure)
    {
        var model = configure(new ModelBuilder(name));
        return new(spec with { Model = model.Spec }, pending.AddRange(model.Pending));
    }

    /// <summary>Declares the model version the pipeline registers, as it is; replaces any model declared before.</summary>
    /// <param name="model">The model.</param>
    /// <returns>A new builder.</returns>
    public PipelineBuilder Model(ModelSpec model) => new(spec with { Model = model }, pending);

    /// <summary>Declares a schedule: the pipeline runs on the slots of a cron expression, in a time zone. Schedules are no part
    /// of the canonical form, so adding one changes neither the pipeline's version nor any step's cache key.</summary>
    /// <param name="name">The schedule's name; it is stored as <c>PIPELINE.NAME</c>.</param>
    /// <param name="cron">Five-field crontab, e.g. <c>0 3 * * *</c>, or an <c>@daily</c>-style macro.</param>
    /// <param name="timeZone">The IANA time zone the expression is read in.</param>
    /// <returns>A new builder.</returns>
    public PipelineBuilder Schedule(string name, string cron, string timeZone = "UTC") =>
        Schedule(new PipelineSchedule(name, cron) { TimeZone = timeZone });

    /// <summary>Declares a schedule as it is (with parameters, inputs and policies).</summary>
    /// <param name="schedule">The schedule.</param>
    /// <returns>A new builder.</returns>
    public PipelineBuilder Schedule(PipelineSchedule schedule) => new(spec with { Schedules = [.. spec.Schedules, schedule] }, pending);

    /// <summary>Declares a data trigger: a run for each new file under <paramref name="path"/>, bound to <paramref name="input"/>.</summary>
    /// <param name="name">The watch's name; it is stored as <c>PIPELINE.NAME</c>.</param>
    /// <param name="path">A directory (relative to the project root) or <c>s3://BUCKET/PREFIX</c>.</param>
    /// <param name="input">The file input each new file is bound to.</param>
    /// <param name="pattern">The file name pattern, e.g. <c>*.csv</c>.</param>
    /// <returns>A new builder.</returns>
    public PipelineBuilder Watch(string name, string path, string input, string pattern = "*") =>
        Watch(new PipelineWatch(name, path, input) { Pattern = pattern });

    /// <summary>Declares a data trigger as it is (batch, poll interval, parameters).</summary>
    /// <param name="watch">The watch.</param>
    /// <returns>A new builder.</returns>
    public PipelineBuilder Watch(PipelineWatch watch) => new(spec with { Watches = [.. spec.Watches, watch] }, pending);

    /// <summary>Validates the pipeline with <see cref="PipelineValidator"/> and returns it.</summary>
    /// <returns>The pipeline.</returns>
    /// <exception cref="DefinitionException">The pipeline is invalid; carries every error found.</exception>
    public PipelineSpec Build()
    {
        var errors = pending.AddRange(new PipelineValidator().Validate(spec));
        return errors.IsEmpty ? spec : throw new DefinitionException(errors);
    }
}
