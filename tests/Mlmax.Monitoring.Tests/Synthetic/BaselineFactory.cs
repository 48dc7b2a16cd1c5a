using System.Globalization;
using Mlmax.Monitoring.Baselines;
using Mlmax.Scoring.Schema;

namespace Mlmax.Monitoring.Tests.Synthetic;

/// <summary>
/// Builds baselines from rows in memory as docs/bundle-format.md defines them (the census template's algorithm):
/// values trimmed, empty and <c>?</c> missing, quantile bins cut at the sorted values at positions ⌈i·n/20⌉.
/// </summary>
internal static class BaselineFactory
{
    public static Baseline Features(IReadOnlyList<string?[]> rows, bool withSchema = true) =>
        Create(SyntheticData.Header, rows, SyntheticData.Numeric, SyntheticData.Categorical, withSchema);

    public static Baseline Predictions(IReadOnlyList<string?[]> rows) =>
        Create(SyntheticData.PredictionHeader, rows, ["probability", "score"], ["predicted_label"], withSchema: false);

    public static Baseline Create(IReadOnlyList<string> header, IReadOnlyList<string?[]> rows, IReadOnlyList<string> numeric, IReadOnlyList<string> categorical, bool withSchema)
    {
        var training = Training(header, rows, numeric, categorical);
        InputSchema? schema = null;
        if (withSchema)
        {
            var columns = numeric.Select(n => new SchemaColumn(n, ColumnType.Number, true, null, training.Numeric[n].Min, training.Numeric[n].Max))
                .Concat(categorical.Select(c => new SchemaColumn(c, ColumnType.Category, true, [.. Present(header, rows, c).Distinct().Order(StringComparer.Ordinal)], null, null)))
                .ToList();
            schema = new InputSchema(1, columns, null, ["", "?"]);
        }

        return Baseline.From(training, schema, "synthetic/baseline.json");
    }

    public static TrainingBaseline Training(IReadOnlyList<string> header, IReadOnlyList<string?[]> rows, IReadOnlyList<string> numeric, IReadOnlyList<string> categorical)
    {
        var numbers = numeric.ToDictionary(n => n, n => Summary(Present(header, rows, n)
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).Order().ToArray(), rows.Count));
        var categories = categorical.ToDictionary(c => c, c =>
        {
            var present = Present(header, rows, c).ToList();
            var counts = present.CountBy(v => v).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
            var top = counts.Take(20).ToDictionary(p => p.Key, p => (long)p.Value, StringComparer.Ordinal);
            return new CategoricalSummary(present.Count, rows.Count - present.Count, counts.Count, top, present.Count - top.Values.Sum());
        });
        return new TrainingBaseline(1, rows.Count, numbers, categories);
    }

    public static NumericBins Bins(double[] sorted)
    {
        var n = (long)sorted.Length;
        var edges = new List<double>();
        for (var i = 1L; i < 20 && n > 0; i++)
        {
            var cut = sorted[((i * n) + 19) / 20 - 1];
            if (edges.Count == 0 || cut > edges[^1])
            {
                edges.Add(cut);
            }
        }

        var bins = new NumericBins(edges, []);
        var counts = new long[n > 0 ? edges.Count + 1 : 0];
        foreach (var x in sorted)
        {
            counts[bins.BinOf(x)]++;
        }

        return bins with { Counts = counts };
    }

    private static NumericSummary Summary(double[] sorted, long rows)
    {
        var any = sorted.Length > 0;
        return new NumericSummary(
            sorted.Length,
            rows - sorted.Length,
            any ? sorted.Average() : null,
            null,
            any ? sorted[0] : null,
            any ? sorted[^1] : null,
            new Quantiles([], []),
            new Histogram([], []),
            Bins(sorted));
    }

    private static IEnumerable<string> Present(IReadOnlyList<string> header, IReadOnlyList<string?[]> rows, string column)
    {
        var index = header.ToList().IndexOf(column);
        return rows.Select(r => r[index]?.Trim()).Where(v => v is not null and not "" and not "?")!;
    }
}
