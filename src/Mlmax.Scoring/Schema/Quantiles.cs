namespace Mlmax.Scoring.Schema;

/// <summary>Quantiles of a numeric feature, interpolated linearly between sorted values (Hyndman–Fan type 7).</summary>
/// <param name="Levels">The levels: 0, 0.1, ..., 1.</param>
/// <param name="Values">The value at each level; empty when the feature had no values.</param>
public sealed record Quantiles(IReadOnlyList<double> Levels, IReadOnlyList<double> Values);
