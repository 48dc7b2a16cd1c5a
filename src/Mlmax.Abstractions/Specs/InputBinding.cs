namespace Mlmax.Specs;

/// <summary>Wires a step's named input to a pipeline input or another step's output.</summary>
/// <param name="Name">The input's name as the step sees it (its channel).</param>
/// <param name="Source">Where the data comes from.</param>
public sealed record InputBinding(string Name, DataReference Source);
