using Mlmax.Monitoring.Baselines;
using Mlmax.Monitoring.Drift.Internal;
using Mlmax.Monitoring.Profiles;
using Mlmax.Scoring.Schema;

namespace Mlmax.Monitoring.Drift;

/// <summary>
/// Compares a batch's profile with its baseline and says, per feature, which thresholds it crossed (docs/monitoring.md).
/// Pure: the same inputs always give the same report.
/// </summary>
public static class DriftAnalyzer
{
    /// <summary>The drift report of a batch.</summary>
    /// <param name="baseline">The baseline the profile was made against.</param>
    /// <param name="profile">The batch's profile (<see cref="BatchProfiler"/>).</param>
    /// <param name="thresholds">When a feature counts as drifted.</param>
    /// <returns>One entry per baseline feature, by name.</returns>
    /// <exception cref="ArgumentException">A threshold is out of range.</exception>
    public static DriftReport Analyze(Baseline baseline, BatchProfile profile, DriftThresholds thresholds)
    {
        thresholds.Validate();
        var numeric = profile.Numeric.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var categorical = profile.Categorical.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var features = baseline.Numeric
            .Select(b => NumericDrift.Analyze(b, numeric.GetValueOrDefault(b.Name), profile.Rows, thresholds.For(b.Name), thresholds.MinimumCount))
            .Concat(baseline.Categorical.Select(b => CategoricalDrift.Analyze(b, categorical.GetValueOrDefault(b.Name), profile.Rows, thresholds.For(b.Name), thresholds.MinimumCount)))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

        var notes = new List<string>(baseline.Notes);
        if (profile.Rows == 0)
        {
            notes.Add($"{profile.Source} has no rows: nothing to measure");
        }

        var names = features.Select(f => ColumnNames.Normalize(f.Name)).ToHashSet(StringComparer.Ordinal);
        var strangers = thresholds.Features.Keys.Where(k => !names.Contains(ColumnNames.Normalize(k))).Order(StringComparer.Ordinal).ToList();
        if (strangers.Count > 0)
        {
            notes.Add($"thresholds name {string.Join(", ", strangers.Select(s => $"'{s}'"))}, which the baseline does not have");
        }

        return new DriftReport(baseline.Source, profile.Source, baseline.Rows, profile.Rows, features, profile.UnmonitoredColumns, profile.Schema, notes);
    }
}
