namespace Mlmax.Specs;

/// <summary>A declared output of a step: a directory the step must fill, published as one artifact.</summary>
/// <param name="Name">The output's name, unique in its step.</param>
/// <param name="Description">What the output holds.</param>
public sealed record OutputSpec(string Name, string? Description = null);
