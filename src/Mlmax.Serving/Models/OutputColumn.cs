namespace Mlmax.Serving.Models;

/// <summary>One value of a prediction (e.g. <c>predicted_label</c>, <c>probability</c>, <c>score</c>).</summary>
/// <param name="Name">The name, in snake case.</param>
/// <param name="Kind">What values it holds.</param>
public sealed record OutputColumn(string Name, ValueKind Kind);
