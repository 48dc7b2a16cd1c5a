using Mlmax.Scoring.Schema;

namespace Mlmax.Monitoring.Drift;

/// <summary>The thresholds of a drift analysis: global ones, overridden per feature.</summary>
/// <example>
/// <code>
/// var thresholds = DriftThresholds.Default with
/// {
///     Features = new Dictionary&lt;string, FeatureThresholds&gt; { ["age"] = DriftThresholds.Default.Global with { Psi = 0.3 } },
/// };
/// </code>
/// </example>
public sealed record DriftThresholds
{
    /// <summary>The default thresholds, for every feature.</summary>
    public static DriftThresholds Default { get; } = new();

    /// <summary>The thresholds of features without their own.</summary>
    /// <value>PSI 0.2, KS p 0.01, JS 0.1, missing-rate increase 0.05, unseen share 0.01, out-of-range share 0.01.</value>
    public FeatureThresholds Global { get; init; } = new();

    /// <summary>Per feature name (matched ignoring case, spaces and punctuation), thresholds replacing <see cref="Global"/> whole.</summary>
    /// <value>None.</value>
    public IReadOnlyDictionary<string, FeatureThresholds> Features { get; init; } = new Dictionary<string, FeatureThresholds>();

    /// <summary>The fewest present values in the batch for a feature's distribution measures (PSI, KS, JS, chi-square) to be compared with thresholds; with fewer they are reported, not flagged.</summary>
    /// <value>50.</value>
    public long MinimumCount { get; init; } = 50;

    /// <summary>The thresholds of one feature.</summary>
    /// <param name="feature">The feature's name.</param>
    /// <returns>Its own thresholds, or <see cref="Global"/>.</returns>
    public FeatureThresholds For(string feature)
    {
        var key = ColumnNames.Normalize(feature);
        foreach (var (name, thresholds) in Features)
        {
            if (ColumnNames.Normalize(name) == key)
            {
                return thresholds;
            }
        }

        return Global;
    }

    /// <summary>The thresholds as indented JSON (snake_case keys, thresholds turned off left out), ending in a line break; equal thresholds give equal text.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => Drift.Internal.ReportJson.Write(this with { Features = new SortedDictionary<string, FeatureThresholds>(Features.ToDictionary(), StringComparer.Ordinal) });

    /// <summary>Refuses thresholds out of range.</summary>
    /// <exception cref="ArgumentException">A threshold is out of range, or <see cref="MinimumCount"/> is negative.</exception>
    public void Validate()
    {
        Global.Validate("global thresholds");
        foreach (var (name, thresholds) in Features)
        {
            thresholds.Validate($"thresholds for '{name}'");
        }

        if (MinimumCount < 0)
        {
            throw new ArgumentException($"minimum_count {MinimumCount} is negative");
        }
    }
}
