using System.Globalization;
using Mlmax.Monitoring.Baselines;

namespace Mlmax.Monitoring.Profiles.Internal;

/// <summary>Streams one numeric column: counts, range, mean and variance (Welford), and counts per baseline bin.</summary>
internal sealed class NumericAccumulator(NumericBaseline baseline)
{
    private readonly long[]? _bins = baseline.Bins is { Counts.Count: > 0 } bins ? new long[bins.Counts.Count] : null;
    private long _count;
    private long _missing;
    private long _notANumber;
    private long _below;
    private long _above;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private double _mean;
    private double _m2;

    /// <summary>Counts a missing value.</summary>
    public void AddMissing() => _missing++;

    /// <summary>Counts a present value: a finite number, or else a missing one that was not a number.</summary>
    public void Add(ReadOnlySpan<char> value)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x))
        {
            _missing++;
            _notANumber++;
            return;
        }

        _count++;
        var delta = x - _mean;
        _mean += delta / _count;
        _m2 += delta * (x - _mean);
        _min = Math.Min(_min, x);
        _max = Math.Max(_max, x);
        if (x < baseline.Min)
        {
            _below++;
        }
        else if (x > baseline.Max)
        {
            _above++;
        }

        if (_bins is not null)
        {
            _bins[baseline.Bins!.BinOf(x)]++;
        }
    }

    public NumericProfile Build()
    {
        var any = _count > 0;
        return new NumericProfile(
            baseline.Name,
            _count,
            _missing,
            _notANumber,
            any ? _min : null,
            any ? _max : null,
            any ? _mean : null,
            any ? Math.Sqrt(_m2 / _count) : null,
            _bins,
            _below,
            _above);
    }
}
