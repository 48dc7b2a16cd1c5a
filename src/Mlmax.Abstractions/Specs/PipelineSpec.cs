namespace Mlmax.Specs;

/// <summary>A pipeline definition: typed parameters, run-time inputs and a graph of steps. Immutable.</summary>
/// <param name="Name">The pipeline's name.</param>
/// <param name="Parameters">Its typed parameters.</param>
/// <param name="Inputs">Its run-time input placeholders.</param>
/// <param name="Steps">Its steps, in definition order.</param>
public sealed record PipelineSpec(
    string Name,
    IReadOnlyList<ParameterSpec> Parameters,
    IReadOnlyList<InputSpec> Inputs,
    IReadOnlyList<StepSpec> Steps)
{
    /// <summary>What the pipeline does.</summary>
    public string? Description { get; init; }

    /// <summary>The model version this pipeline registers after each successful run, if any.</summary>
    public ModelSpec? Model { get; init; }

    /// <summary>The schedules the pipeline declares (when it runs; no part of its canonical form or version).</summary>
    /// <value>Default: none.</value>
    public IReadOnlyList<PipelineSchedule> Schedules { get; init; } = [];

    /// <summary>The data triggers the pipeline declares (a run per new file; no part of its canonical form or version).</summary>
    /// <value>Default: none.</value>
    public IReadOnlyList<PipelineWatch> Watches { get; init; } = [];

    /// <summary>Finds a step by name.</summary>
    /// <param name="name">The step's name.</param>
    /// <returns>The step, or <see langword="null"/>.</returns>
    public StepSpec? FindStep(string name) => Steps.FirstOrDefault(s => s.Name == name);
}
