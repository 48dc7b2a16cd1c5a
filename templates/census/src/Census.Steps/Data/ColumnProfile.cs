using System.Globalization;

namespace Census.Steps.Data;

/// <summary>
/// What one column of the training split looked like: its values (numbers) or value counts (categories), and how
/// many were missing. Summarized into <c>schema.json</c> and <c>baseline.json</c> by <see cref="SchemaWriter"/>.
/// </summary>
internal sealed class ColumnProfile
{
    /// <summary>Levels of the quantiles in <c>baseline.json</c>: 0, 0.1, ..., 1.</summary>
    public static readonly double[] QuantileLevels = [.. Enumerable.Range(0, 11).Select(i => i / 10.0)];

    /// <summary>Bins of the histograms in <c>baseline.json</c>.</summary>
    public const int HistogramBins = 10;

    /// <summary>Quantile bins of numbers in <c>baseline.json</c>: cut at the values of levels 0.05, 0.10, ..., 0.95.</summary>
    public const int QuantileBins = 20;

    /// <summary>Categories listed by frequency in <c>baseline.json</c>; the rest are counted as <c>other</c>.</summary>
    public const int TopCategories = 20;

    private readonly List<double> _numbers = [];
    private readonly Dictionary<string, long> _categories = new(StringComparer.Ordinal);

    /// <summary>Creates an empty profile.</summary>
    /// <param name="column">The column.</param>
    public ColumnProfile(CensusColumn column) => Column = column;

    /// <summary>The column.</summary>
    public CensusColumn Column { get; }

    /// <summary>Whether the column holds numbers.</summary>
    public bool IsNumber => Column.Kind is ColumnKind.Numeric or ColumnKind.Weight;

    /// <summary>Values missing (or, for numbers, not numbers).</summary>
    public long Missing { get; private set; }

    /// <summary>Counts one cleaned value (<see langword="null"/>: missing).</summary>
    /// <param name="value">The value.</param>
    public void Add(string? value)
    {
        if (value is null)
        {
            Missing++;
        }
        else if (!IsNumber)
        {
            _categories[value] = _categories.GetValueOrDefault(value) + 1;
        }
        else if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            _numbers.Add(number);
        }
        else
        {
            Missing++;
        }
    }

    /// <summary>The column's entry in <c>schema.json</c>.</summary>
    /// <returns>The JSON object.</returns>
    public SortedDictionary<string, object?> SchemaEntry()
    {
        var entry = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = Column.Header,
            ["type"] = IsNumber ? "number" : "category",
            ["required"] = Column.Kind != ColumnKind.Weight,
        };
        if (!IsNumber)
        {
            entry["values"] = _categories.Keys.Order(StringComparer.Ordinal).ToList();
        }
        else if (_numbers.Count > 0)
        {
            entry["min"] = _numbers.Min();
            entry["max"] = _numbers.Max();
        }

        return entry;
    }

    /// <summary>The column's entry in <c>baseline.json</c>.</summary>
    /// <returns>The JSON object.</returns>
    public SortedDictionary<string, object?> BaselineEntry() => IsNumber ? NumericEntry() : CategoricalEntry();

    private SortedDictionary<string, object?> NumericEntry()
    {
        var sorted = _numbers.Order().ToArray();
        var n = sorted.Length;
        double? mean = null, std = null;
        if (n > 0)
        {
            var sum = 0.0;
            foreach (var x in _numbers)
            {
                sum += x;
            }

            var m = sum / n;
            var squares = 0.0;
            foreach (var x in _numbers)
            {
                squares += (x - m) * (x - m);
            }

            (mean, std) = (m, Math.Sqrt(squares / n));
        }

        return new(StringComparer.Ordinal)
        {
            ["count"] = (long)n,
            ["missing"] = Missing,
            ["mean"] = mean,
            ["std"] = std,
            ["min"] = n > 0 ? sorted[0] : null,
            ["max"] = n > 0 ? sorted[^1] : null,
            ["quantiles"] = new SortedDictionary<string, object?>(StringComparer.Ordinal)
            {
                ["levels"] = QuantileLevels,
                ["values"] = n > 0 ? QuantileLevels.Select(p => Quantile(sorted, p)).ToList() : [],
            },
            ["histogram"] = Histogram(sorted),
            ["bins"] = Bins(sorted),
        };
    }

    /// <summary>
    /// Quantile bins with exact counts, for drift measures: the cut points are the distinct values among the sorted
    /// values at positions ⌈i·n/20⌉ (i = 1..19, 1-based: the lower quantiles of levels 0.05..0.95); bins are closed on
    /// the right and the outer ones open-ended, so a value equal to a cut point falls in the bin below it.
    /// </summary>
    private static SortedDictionary<string, object?> Bins(double[] sorted)
    {
        var edges = new List<double>();
        var counts = new List<long>();
        var n = (long)sorted.Length;
        if (n > 0)
        {
            for (var i = 1L; i < QuantileBins; i++)
            {
                var cut = sorted[((i * n) + QuantileBins - 1) / QuantileBins - 1];
                if (edges.Count == 0 || cut > edges[^1])
                {
                    edges.Add(cut);
                }
            }

            counts.AddRange(new long[edges.Count + 1]);
            var bin = 0;
            foreach (var x in sorted)
            {
                while (bin < edges.Count && x > edges[bin])
                {
                    bin++;
                }

                counts[bin]++;
            }
        }

        return new(StringComparer.Ordinal) { ["edges"] = edges, ["counts"] = counts };
    }

    /// <summary>Linear interpolation between order statistics (numpy's default, Hyndman–Fan type 7).</summary>
    private static double Quantile(double[] sorted, double level)
    {
        var h = (sorted.Length - 1) * level;
        var lo = (int)Math.Floor(h);
        return lo + 1 < sorted.Length ? sorted[lo] + ((h - lo) * (sorted[lo + 1] - sorted[lo])) : sorted[lo];
    }

    private static SortedDictionary<string, object?> Histogram(double[] sorted)
    {
        var edges = new List<double>();
        var counts = new List<long>();
        if (sorted.Length > 0)
        {
            double min = sorted[0], max = sorted[^1];
            var bins = min == max ? 1 : HistogramBins;
            var width = (max - min) / bins;
            edges.AddRange(Enumerable.Range(0, bins + 1).Select(i => i == bins ? max : min + (i * width)));
            counts.AddRange(new long[bins]);
            foreach (var x in sorted)
            {
                var bin = bins == 1 ? 0 : Math.Min((int)Math.Floor((x - min) / (max - min) * bins), bins - 1);
                counts[bin]++;
            }
        }

        return new(StringComparer.Ordinal) { ["edges"] = edges, ["counts"] = counts };
    }

    private SortedDictionary<string, object?> CategoricalEntry()
    {
        var top = _categories.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(TopCategories).ToList();
        var present = _categories.Values.Sum();
        return new(StringComparer.Ordinal)
        {
            ["count"] = present,
            ["missing"] = Missing,
            ["distinct"] = (long)_categories.Count,
            ["frequencies"] = top.ToDictionary(c => c.Key, c => (object?)c.Value, StringComparer.Ordinal),
            ["other"] = present - top.Sum(c => c.Value),
        };
    }
}
