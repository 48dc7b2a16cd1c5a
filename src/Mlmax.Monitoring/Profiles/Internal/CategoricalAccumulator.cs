using Mlmax.Monitoring.Baselines;

namespace Mlmax.Monitoring.Profiles.Internal;

/// <summary>
/// Streams one categorical column: counts per listed category, the rest, and unseen categories (up to
/// <see cref="TrackedUnseen"/> distinct ones tracked for examples, so memory stays bounded).
/// </summary>
internal sealed class CategoricalAccumulator
{
    /// <summary>The most distinct unseen categories whose counts are kept.</summary>
    public const int TrackedUnseen = 1000;

    /// <summary>The unseen categories named in a profile.</summary>
    public const int Examples = 10;

    private readonly CategoricalBaseline _baseline;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _listed;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>>? _known;
    private readonly Dictionary<string, (long Count, int Order)> _unseen = new(StringComparer.Ordinal);
    private readonly long[] _counts;
    private long _count;
    private long _missing;
    private long _other;
    private long _unseenCount;

    public CategoricalAccumulator(CategoricalBaseline baseline)
    {
        _baseline = baseline;
        _listed = baseline.Listed.Select((c, i) => (c.Value, i)).ToDictionary(x => x.Value, x => x.i, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _known = baseline.Known is null ? null : new HashSet<string>(baseline.Known, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _counts = new long[baseline.Listed.Count];
    }

    /// <summary>Counts a missing value.</summary>
    public void AddMissing() => _missing++;

    /// <summary>Counts a present value (trimmed, not a missing token).</summary>
    public void Add(ReadOnlySpan<char> value)
    {
        _count++;
        if (_listed.TryGetValue(value, out var index))
        {
            _counts[index]++;
            return;
        }

        _other++;
        if (_known is { } known && !known.Contains(value))
        {
            _unseenCount++;
            var name = value.ToString();
            if (_unseen.TryGetValue(name, out var seen))
            {
                _unseen[name] = (seen.Count + 1, seen.Order);
            }
            else if (_unseen.Count < TrackedUnseen)
            {
                _unseen[name] = (1, _unseen.Count);
            }
        }
    }

    public CategoricalProfile Build() => new(
        _baseline.Name,
        _count,
        _missing,
        _counts,
        _other,
        _known is null ? null : _unseenCount,
        [.. _unseen.OrderByDescending(u => u.Value.Count).ThenBy(u => u.Value.Order).Take(Examples).Select(u => new CategoryCount(u.Key, u.Value.Count))]);
}
