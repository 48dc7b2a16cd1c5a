namespace Mlmax.Scoring.Schema;

/// <summary>A fixed-bin histogram of a numeric feature: 10 equal-width bins from its minimum to its maximum.</summary>
/// <param name="Edges">The bin edges (one more than the bins); empty when the feature had no values.</param>
/// <param name="Counts">The values per bin; the last bin holds the maximum.</param>
public sealed record Histogram(IReadOnlyList<double> Edges, IReadOnlyList<long> Counts);
