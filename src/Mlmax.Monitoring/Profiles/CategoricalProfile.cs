using Mlmax.Monitoring.Baselines;

namespace Mlmax.Monitoring.Profiles;

/// <summary>One categorical feature of a batch, measured against its baseline.</summary>
/// <param name="Name">The feature's name in the baseline.</param>
/// <param name="Count">Values present.</param>
/// <param name="Missing">Values missing: a missing token or a null.</param>
/// <param name="ListedCounts">The values per category the baseline lists, in its order.</param>
/// <param name="Other">Present values outside the baseline's listed categories (rarer training categories and unseen ones).</param>
/// <param name="Unseen">Of <paramref name="Other"/>, the values of categories training never saw; <see langword="null"/> when the baseline cannot tell.</param>
/// <param name="UnseenExamples">The most frequent unseen categories with their counts (at most 10; ties by first seen).</param>
public sealed record CategoricalProfile(
    string Name,
    long Count,
    long Missing,
    IReadOnlyList<long> ListedCounts,
    long Other,
    long? Unseen,
    IReadOnlyList<CategoryCount> UnseenExamples)
{
    /// <summary>The batch counts per bin: <see cref="ListedCounts"/>, then <c>other</c>.</summary>
    /// <returns>The counts, aligned with <see cref="CategoricalBaseline.BinCounts"/>.</returns>
    public long[] BinCounts() => [.. ListedCounts, Other];
}
