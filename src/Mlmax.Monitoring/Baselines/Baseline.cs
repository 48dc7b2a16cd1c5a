using Mlmax.Scoring;
using Mlmax.Scoring.Schema;

namespace Mlmax.Monitoring.Baselines;

/// <summary>
/// What a batch is compared with: the per-feature training distributions of a bundle's <c>baseline.json</c>, with the
/// categories and missing tokens of its <c>schema.json</c> when it has one; or the same for its predictions, from
/// <c>prediction_baseline.json</c> (docs/monitoring.md).
/// </summary>
/// <param name="Source">The baseline file, named in reports.</param>
/// <param name="Rows">The training rows summarized.</param>
/// <param name="MissingTokens">Values that, trimmed, mean missing.</param>
/// <param name="Numeric">The numeric features, by name (ordinal).</param>
/// <param name="Categorical">The categorical features, by name (ordinal).</param>
/// <param name="Schema">The training schema, whose guard counts schema violations; <see langword="null"/> without one.</param>
/// <param name="Notes">What this baseline cannot measure, and why.</param>
public sealed record Baseline(
    string Source,
    long Rows,
    IReadOnlyList<string> MissingTokens,
    IReadOnlyList<NumericBaseline> Numeric,
    IReadOnlyList<CategoricalBaseline> Categorical,
    InputSchema? Schema,
    IReadOnlyList<string> Notes)
{
    /// <summary>The bundle role holding <c>prediction_baseline.json</c>: the model's predictions on its test split, in the format of <c>baseline.json</c>.</summary>
    public const string PredictionRole = "prediction_baseline";

    /// <summary>The missing tokens assumed without a schema: empty and <c>?</c>.</summary>
    public static IReadOnlyList<string> DefaultMissingTokens { get; } = ["", "?"];

    /// <summary>Builds a baseline from a parsed <c>baseline.json</c> and, optionally, the schema of the same training split.</summary>
    /// <param name="training">The training distributions.</param>
    /// <param name="schema">The training schema; <see langword="null"/> without one.</param>
    /// <param name="source">The baseline file, named in reports.</param>
    /// <returns>The baseline.</returns>
    public static Baseline From(TrainingBaseline training, InputSchema? schema, string source) => Create(training, schema, source, countUnseen: true);

    /// <summary>
    /// Builds the baseline of a model's predictions from a parsed <c>prediction_baseline.json</c>. Unseen categories
    /// are not counted: a label the model never predicted on its test split is a change of the label distribution
    /// (measured by chi-square and Jensen-Shannon), not input the model cannot handle.
    /// </summary>
    /// <param name="predictions">The prediction distributions.</param>
    /// <param name="source">The file, named in reports.</param>
    /// <returns>The baseline.</returns>
    public static Baseline FromPredictions(TrainingBaseline predictions, string source) => Create(predictions, null, source, countUnseen: false);

    /// <summary>Reads a <c>prediction_baseline.json</c> (see <see cref="FromPredictions"/>).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The baseline.</returns>
    /// <exception cref="InvalidDataException">The file is not valid; the message names the file, line, key and value.</exception>
    public static Baseline ReadPredictions(string path) => FromPredictions(TrainingBaseline.Read(path), path);

    private static Baseline Create(TrainingBaseline training, InputSchema? schema, string source, bool countUnseen)
    {
        var notes = new List<string>();
        var numeric = training.Numeric
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new NumericBaseline(f.Key, f.Value.Count, f.Value.Missing, f.Value.Min, f.Value.Max, f.Value.Bins))
            .ToList();
        var unbinned = numeric.Where(f => f.Bins is null).Select(f => f.Name).ToList();
        if (unbinned.Count > 0)
        {
            notes.Add($"{source} has no quantile bins (numeric.NAME.bins) for {string.Join(", ", unbinned.Select(n => $"'{n}'"))}: " +
                "it was written before they were added, so PSI and Kolmogorov-Smirnov are not computed for them; re-train to get drift of numeric features");
        }

        var values = schema?.Columns
            .Where(c => c.Type == ColumnType.Category && c.Values is not null)
            .ToDictionary(c => ColumnNames.Normalize(c.Name), c => c.Values!, StringComparer.Ordinal) ?? [];
        var unknowable = new List<string>();
        var categorical = new List<CategoricalBaseline>();
        foreach (var (name, summary) in training.Categorical.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var listed = summary.Frequencies
                .OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => new CategoryCount(f.Key, f.Value))
                .ToList();
            IReadOnlySet<string>? known = !countUnseen ? null
                : values.TryGetValue(ColumnNames.Normalize(name), out var all) ? new HashSet<string>(all, StringComparer.Ordinal)
                : summary.Other == 0 ? new HashSet<string>(listed.Select(c => c.Value), StringComparer.Ordinal) : null;
            if (known is null && countUnseen)
            {
                unknowable.Add(name);
            }

            categorical.Add(new CategoricalBaseline(name, summary.Count, summary.Missing, listed, summary.Other, known));
        }

        if (unknowable.Count > 0)
        {
            notes.Add($"no schema lists every training category of {string.Join(", ", unknowable.Select(n => $"'{n}'"))}: unseen categories are not counted for them");
        }

        return new Baseline(source, training.Rows, schema?.MissingTokens ?? DefaultMissingTokens, numeric, categorical, schema, notes);
    }

    /// <summary>Reads a <c>baseline.json</c> (or <c>prediction_baseline.json</c>) and, optionally, a <c>schema.json</c>.</summary>
    /// <param name="baselinePath">The baseline file.</param>
    /// <param name="schemaPath">The schema file of the same training split; <see langword="null"/> without one.</param>
    /// <returns>The baseline.</returns>
    /// <exception cref="InvalidDataException">A file is not valid; the message names the file, line, key and value.</exception>
    public static Baseline Read(string baselinePath, string? schemaPath = null) =>
        From(TrainingBaseline.Read(baselinePath), schemaPath is null ? null : InputSchema.Read(schemaPath), baselinePath);

    /// <summary>The baseline of a bundle's input features: its <c>baseline</c> role, with its <c>schema</c> role if it has one.</summary>
    /// <param name="bundle">The verified bundle files.</param>
    /// <returns>The baseline, or <see langword="null"/> when the bundle has no <c>baseline</c> role.</returns>
    /// <exception cref="InvalidDataException">A file is not valid.</exception>
    public static Baseline? FromBundle(BundleFiles bundle) =>
        bundle.TryFile(TrainingBaseline.Role) is { } path ? Read(path, bundle.TryFile(InputSchema.Role)) : null;

    /// <summary>The baseline of a bundle's predictions: its <c>prediction_baseline</c> role (see <see cref="FromPredictions"/>).</summary>
    /// <param name="bundle">The verified bundle files.</param>
    /// <returns>The baseline, or <see langword="null"/> when the bundle has no <c>prediction_baseline</c> role.</returns>
    /// <exception cref="InvalidDataException">The file is not valid.</exception>
    public static Baseline? PredictionsFromBundle(BundleFiles bundle) =>
        bundle.TryFile(PredictionRole) is { } path ? ReadPredictions(path) : null;
}
