namespace Mlmax.Scoring.Schema;

/// <summary>The training distribution of one categorical feature in <c>baseline.json</c>.</summary>
/// <param name="Count">Values present.</param>
/// <param name="Missing">Values missing.</param>
/// <param name="Distinct">The number of distinct present values.</param>
/// <param name="Frequencies">The most frequent values (up to 20) and their counts.</param>
/// <param name="Other">The count of present values outside <paramref name="Frequencies"/>.</param>
public sealed record CategoricalSummary(long Count, long Missing, long Distinct, IReadOnlyDictionary<string, long> Frequencies, long Other);
