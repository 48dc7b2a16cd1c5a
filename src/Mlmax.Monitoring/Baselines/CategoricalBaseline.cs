namespace Mlmax.Monitoring.Baselines;

/// <summary>The training distribution of one categorical feature, as drift measures use it.</summary>
/// <param name="Name">The feature's column name.</param>
/// <param name="Count">Training values present.</param>
/// <param name="Missing">Training values missing.</param>
/// <param name="Listed">The most frequent training categories with their counts (each its own bin of the distribution).</param>
/// <param name="Other">Training values outside <paramref name="Listed"/> (together one <c>other</c> bin).</param>
/// <param name="Known">
/// Every category seen in training (the schema's <c>values</c>, or <paramref name="Listed"/> when <paramref name="Other"/>
/// is 0); <see langword="null"/> when the baseline cannot tell, so unseen categories are not counted.
/// </param>
public sealed record CategoricalBaseline(string Name, long Count, long Missing, IReadOnlyList<CategoryCount> Listed, long Other, IReadOnlySet<string>? Known)
{
    /// <summary>The share of training rows missing the feature; <see langword="null"/> without rows.</summary>
    public double? MissingRate => Count + Missing == 0 ? null : (double)Missing / (Count + Missing);

    /// <summary>The training counts per bin: <see cref="Listed"/> in order, then <c>other</c>.</summary>
    /// <returns>The counts.</returns>
    public long[] BinCounts() => [.. Listed.Select(c => c.Count), Other];
}
