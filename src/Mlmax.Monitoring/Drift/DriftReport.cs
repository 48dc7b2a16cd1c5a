using System.Text.Json.Serialization;
using Mlmax.Monitoring.Drift.Internal;
using Mlmax.Monitoring.Profiles;

namespace Mlmax.Monitoring.Drift;

/// <summary>
/// Data quality and drift of a batch against a baseline: one entry per baseline feature, in name order, with its
/// measures and the thresholds it crossed. Serialized by <see cref="ToJson"/> with a stable order (docs/monitoring.md).
/// </summary>
/// <param name="Baseline">The baseline file.</param>
/// <param name="Batch">What was profiled.</param>
/// <param name="BaselineRows">Rows in the training split (or test split, for predictions).</param>
/// <param name="BatchRows">Rows in the batch.</param>
/// <param name="Features">Every baseline feature, by name (ordinal).</param>
/// <param name="UnmonitoredColumns">The batch's columns the baseline does not know, in batch order.</param>
/// <param name="Schema">Schema violations, when the baseline has a schema.</param>
/// <param name="Notes">What could not be measured, and why.</param>
public sealed record DriftReport(
    string Baseline,
    string Batch,
    long BaselineRows,
    long BatchRows,
    IReadOnlyList<FeatureDrift> Features,
    IReadOnlyList<string> UnmonitoredColumns,
    SchemaSummary? Schema,
    IReadOnlyList<string> Notes)
{
    /// <summary>The features that crossed a threshold, by name.</summary>
    [JsonPropertyOrder(-1)]
    public IReadOnlyList<string> Drifted => [.. Features.Where(f => f.Drifted).Select(f => f.Name)];

    /// <summary>The report as indented JSON (snake_case keys, declaration order, features by name; measures not computed are left out), ending in a line break.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => ReportJson.Write(this);

    /// <summary>Reads a report written by <see cref="ToJson"/> (e.g. a recorded check's), with every measure and threshold crossing.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The report.</returns>
    /// <exception cref="System.Text.Json.JsonException">The text is not a drift report.</exception>
    public static DriftReport FromJson(string json) => ReportJson.Read(json);
}
