namespace Mlmax.Specs;

/// <summary>A typed pipeline parameter, overridable at run time with <c>--param name=value</c>.</summary>
/// <param name="Name">The parameter's name, unique in its pipeline.</param>
/// <param name="Type">The parameter's type.</param>
/// <param name="Default">The default value (a <see cref="string"/>, <see cref="long"/>, <see cref="double"/> or <see cref="bool"/>), or <see langword="null"/> when the parameter is required.</param>
/// <param name="Description">What the parameter controls.</param>
public sealed record ParameterSpec(string Name, ParameterType Type, object? Default = null, string? Description = null);
