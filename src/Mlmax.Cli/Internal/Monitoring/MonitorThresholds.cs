using System.Globalization;
using Mlmax.Definitions;
using Mlmax.Monitoring.Baselines;
using Mlmax.Monitoring.Drift;
using Mlmax.Scoring.Schema;

namespace Mlmax.Cli.Internal.Monitoring;

/// <summary>The thresholds of a check: the defaults, then mlmax.yaml's <c>monitoring.thresholds</c>, then <c>--threshold</c> options.</summary>
internal static class MonitorThresholds
{
    public static DriftThresholds Build(MonitoringSettings settings, IReadOnlyDictionary<string, string> overrides)
    {
        var global = Apply(new FeatureThresholds(), settings.Thresholds);
        var features = new Dictionary<string, FeatureThresholds>(StringComparer.Ordinal);
        var featureOverrides = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var (key, text) in overrides)
        {
            var dot = key.LastIndexOf('.');
            var measure = dot < 0 ? key : key[(dot + 1)..];
            if (!MonitoringSettings.Measures.Contains(measure))
            {
                throw new UserException($"--threshold {key}={text}: unknown threshold '{measure}' (thresholds: {string.Join(", ", MonitoringSettings.Measures)}; per feature: FEATURE.{measure})");
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !InRange(measure, value))
            {
                throw new UserException($"--threshold {key}={text}: {measure} is {(measure.EndsWith("_p_value", StringComparison.Ordinal) ? "a number above 0 and below 1" : "a number of at least 0")}");
            }

            if (dot < 0)
            {
                global = Apply(global, new Dictionary<string, double> { [measure] = value });
            }
            else
            {
                var feature = key[..dot];
                (featureOverrides.TryGetValue(feature, out var map) ? map : featureOverrides[feature] = new(StringComparer.Ordinal))[measure] = value;
            }
        }

        foreach (var (name, feature) in settings.Features)
        {
            features[name] = feature.Ignore ? Off : Apply(global, feature.Thresholds);
        }

        foreach (var (name, values) in featureOverrides)
        {
            var existing = features.FirstOrDefault(f => ColumnNames.Normalize(f.Key) == ColumnNames.Normalize(name));
            features[existing.Key ?? name] = Apply(existing.Value ?? global, values);
        }

        return new DriftThresholds { Global = global, Features = features, MinimumCount = settings.MinimumCount ?? DriftThresholds.Default.MinimumCount };
    }

    /// <summary>The configured feature names the baseline does not have, with the mlmax.yaml line naming each (0 for an option).</summary>
    public static IReadOnlyList<string> Strangers(MonitoringSettings settings, DriftThresholds thresholds, Baseline baseline)
    {
        var names = baseline.Numeric.Select(n => n.Name).Concat(baseline.Categorical.Select(c => c.Name)).ToList();
        var known = names.Select(ColumnNames.Normalize).ToHashSet(StringComparer.Ordinal);
        return [.. thresholds.Features.Keys.Where(k => !known.Contains(ColumnNames.Normalize(k))).Order(StringComparer.Ordinal).Select(k =>
            (settings.Features.TryGetValue(k, out var f) ? $"{ProjectHost.ProjectFile}:{f.Line}: monitoring.thresholds.features: " : "--threshold: ")
            + $"the baseline has no feature '{k}', so its thresholds apply to nothing (features: {string.Join(", ", names.Order(StringComparer.Ordinal))})")];
    }

    private static FeatureThresholds Off { get; } = new()
    {
        Psi = null, KsPValue = null, JsDistance = null, ChiSquarePValue = null, MissingRateIncrease = null, UnseenShare = null, OutOfRangeExcess = null,
    };

    private static bool InRange(string measure, double value) =>
        measure.EndsWith("_p_value", StringComparison.Ordinal) ? value > 0 && value < 1 : value >= 0 && double.IsFinite(value);

    private static FeatureThresholds Apply(FeatureThresholds thresholds, IReadOnlyDictionary<string, double> values)
    {
        foreach (var (measure, value) in values)
        {
            thresholds = measure switch
            {
                "psi" => thresholds with { Psi = value },
                "ks_p_value" => thresholds with { KsPValue = value },
                "js_distance" => thresholds with { JsDistance = value },
                "chi_square_p_value" => thresholds with { ChiSquarePValue = value },
                "missing_rate_increase" => thresholds with { MissingRateIncrease = value },
                "unseen_share" => thresholds with { UnseenShare = value },
                "out_of_range_excess" => thresholds with { OutOfRangeExcess = value },
                _ => throw new ArgumentOutOfRangeException(nameof(values), measure, "unknown threshold"),
            };
        }

        return thresholds;
    }
}
