namespace Mlmax.Monitoring.Drift;

/// <summary>
/// When a feature counts as drifted: each measure is compared with its threshold, and <see langword="null"/> turns a
/// comparison off (the measure is still reported). Values flag when above their threshold; p-values when below it.
/// Override some for one feature with <c>with</c>: <c>DriftThresholds.Default.Global with { Psi = 0.3 }</c>.
/// </summary>
public sealed record FeatureThresholds
{
    /// <summary>Population stability index (numeric features) above which the feature drifted.</summary>
    /// <value>0.2.</value>
    public double? Psi { get; init; } = 0.2;

    /// <summary>Kolmogorov-Smirnov p-value (numeric features) below which the feature drifted.</summary>
    /// <value>0.01.</value>
    public double? KsPValue { get; init; } = 0.01;

    /// <summary>Jensen-Shannon distance (categorical features) above which the feature drifted.</summary>
    /// <value>0.1.</value>
    public double? JsDistance { get; init; } = 0.1;

    /// <summary>Chi-square p-value (categorical features) below which the feature drifted; off by default, since with large samples it flags differences too small to matter (the Jensen-Shannon distance measures their size).</summary>
    /// <value><see langword="null"/>.</value>
    public double? ChiSquarePValue { get; init; }

    /// <summary>Rise of the missing-value rate (batch rate less training rate) above which the feature drifted.</summary>
    /// <value>0.05.</value>
    public double? MissingRateIncrease { get; init; } = 0.05;

    /// <summary>Share of the present values that are categories training never saw, above which the feature drifted.</summary>
    /// <value>0.01.</value>
    public double? UnseenShare { get; init; } = 0.01;

    /// <summary>
    /// Share of the present values outside the training range (numeric features), beyond the share expected by chance
    /// (<see cref="Baselines.NumericBaseline.ExpectedOutOfRangeShare"/>), above which the feature drifted.
    /// </summary>
    /// <value>0.01.</value>
    public double? OutOfRangeExcess { get; init; } = 0.01;

    /// <summary>Refuses thresholds outside their range.</summary>
    /// <param name="where">What to name in the error (e.g. <c>thresholds for 'age'</c>).</param>
    /// <exception cref="ArgumentException">A p-value threshold is not in (0, 1), or another threshold is negative or not finite.</exception>
    public void Validate(string where)
    {
        foreach (var (name, value, isP) in new[]
        {
            ("psi", Psi, false), ("ks_p_value", KsPValue, true), ("js_distance", JsDistance, false), ("chi_square_p_value", ChiSquarePValue, true),
            ("missing_rate_increase", MissingRateIncrease, false), ("unseen_share", UnseenShare, false), ("out_of_range_excess", OutOfRangeExcess, false),
        })
        {
            if (value is { } v && (isP ? !(v > 0 && v < 1) : !(v >= 0 && double.IsFinite(v))))
            {
                throw new ArgumentException($"{where}: {name} {v} is out of range ({(isP ? "a p-value threshold is above 0 and below 1" : "a threshold is finite and not negative")})");
            }
        }
    }
}
