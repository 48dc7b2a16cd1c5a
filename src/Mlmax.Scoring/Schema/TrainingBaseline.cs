using Mlmax.Scoring.Schema.Internal;

namespace Mlmax.Scoring.Schema;

/// <summary>
/// <c>baseline.json</c>, a bundle's <c>baseline</c> role: per-feature distribution summaries of the training split,
/// for drift checks (docs/bundle-format.md).
/// </summary>
/// <param name="FormatVersion">The format version: 1.</param>
/// <param name="Rows">Rows in the training split.</param>
/// <param name="Numeric">Per numeric feature, by column name.</param>
/// <param name="Categorical">Per categorical feature, by column name.</param>
public sealed record TrainingBaseline(
    int FormatVersion, long Rows, IReadOnlyDictionary<string, NumericSummary> Numeric, IReadOnlyDictionary<string, CategoricalSummary> Categorical)
{
    /// <summary>The bundle role holding <c>baseline.json</c>.</summary>
    public const string Role = "baseline";

    /// <summary>Reads and checks a <c>baseline.json</c> file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The baseline.</returns>
    /// <exception cref="InvalidDataException">The file is not valid JSON or not a valid baseline; the message names the file, line, key and value.</exception>
    public static TrainingBaseline Read(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses and checks <c>baseline.json</c> text.</summary>
    /// <param name="json">The text.</param>
    /// <param name="source">What to name in errors (a path).</param>
    /// <returns>The baseline.</returns>
    /// <exception cref="InvalidDataException">The text is not valid JSON or not a valid baseline.</exception>
    public static TrainingBaseline Parse(string json, string source)
    {
        var baseline = BundleJson.Parse<TrainingBaseline>(json, source);
        BundleJson.CheckVersion(baseline.FormatVersion, source);
        foreach (var (name, summary) in baseline.Numeric)
        {
            if (summary.Count + summary.Missing != baseline.Rows)
            {
                throw new InvalidDataException($"{source}: numeric.{name}: count {summary.Count} + missing {summary.Missing} is not rows {baseline.Rows}");
            }

            if (summary.Histogram.Edges.Count > 0 && summary.Histogram.Edges.Count != summary.Histogram.Counts.Count + 1)
            {
                throw new InvalidDataException($"{source}: numeric.{name}.histogram: {summary.Histogram.Edges.Count} edges for {summary.Histogram.Counts.Count} counts; expected one edge more than counts");
            }

            if (summary.Bins is { } bins)
            {
                CheckBins(bins, summary.Count, $"{source}: numeric.{name}.bins");
            }
        }

        return baseline;
    }

    /// <summary>Reads the bundle's baseline, if it has one.</summary>
    /// <param name="bundle">The verified bundle files.</param>
    /// <returns>The baseline, or <see langword="null"/> when the bundle has no <c>baseline</c> role.</returns>
    public static TrainingBaseline? FromBundle(BundleFiles bundle) =>
        bundle.TryFile(Role) is { } path ? Read(path) : null;

    /// <summary>The baseline in the canonical form of docs/bundle-format.md (what the templates write).</summary>
    /// <returns>The JSON text, ending in a line break.</returns>
    public string ToJson() => CanonicalJson.Write(this);

    private static void CheckBins(NumericBins bins, long count, string where)
    {
        if (bins.Counts.Count != (bins.Edges.Count == 0 ? 0 : bins.Edges.Count + 1))
        {
            throw new InvalidDataException($"{where}: {bins.Edges.Count} edges for {bins.Counts.Count} counts; expected one count more than edges");
        }

        for (var i = 1; i < bins.Edges.Count; i++)
        {
            if (!(bins.Edges[i] > bins.Edges[i - 1]))
            {
                throw new InvalidDataException($"{where}.edges[{i}]: {bins.Edges[i]} is not above the edge before it; edges must increase");
            }
        }

        if (bins.Counts.Sum() != count)
        {
            throw new InvalidDataException($"{where}: the counts add up to {bins.Counts.Sum()}, not count {count}");
        }
    }
}
