namespace Mlmax.Specs;

/// <summary>A parameter passed to a step: a literal or a pipeline parameter (written <c>${params.NAME}</c>).</summary>
/// <param name="Name">The parameter's name as the step sees it.</param>
/// <param name="Value">A literal (<see cref="string"/>, <see cref="long"/>, <see cref="double"/> or <see cref="bool"/>) when <paramref name="PipelineParameter"/> is <see langword="null"/>.</param>
/// <param name="PipelineParameter">The pipeline parameter whose run-time value is passed, if any.</param>
public sealed record ParameterBinding(string Name, object? Value, string? PipelineParameter = null)
{
    /// <summary>Creates a binding to a pipeline parameter.</summary>
    /// <param name="name">The step-side name.</param>
    /// <param name="pipelineParameter">The pipeline parameter.</param>
    /// <returns>The binding.</returns>
    public static ParameterBinding FromPipeline(string name, string pipelineParameter) => new(name, null, pipelineParameter);
}
