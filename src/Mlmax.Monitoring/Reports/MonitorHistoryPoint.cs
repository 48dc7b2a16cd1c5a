using System.Text.Json;

namespace Mlmax.Monitoring.Reports;

/// <summary>One recorded check, as the plots over time use it.</summary>
/// <param name="CheckId">The check's id.</param>
/// <param name="CheckedAt">When it ran.</param>
/// <param name="Source">What it checked, for people.</param>
/// <param name="Drifted">Whether a threshold was crossed.</param>
/// <param name="Psi">The population stability index per input feature that had one.</param>
/// <param name="Metrics">Model-quality metrics measured by the check, by name (empty when it measured none).</param>
public sealed record MonitorHistoryPoint(
    string CheckId,
    DateTimeOffset CheckedAt,
    string Source,
    bool Drifted,
    IReadOnlyDictionary<string, double> Psi,
    IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>The PSI per input feature of a recorded check's report: the <c>input.features</c> of <c>mlmax monitor --json</c> (or a bare drift report).</summary>
    /// <param name="reportJson">The report's JSON.</param>
    /// <returns>Feature name to PSI, for the features that had one.</returns>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static IReadOnlyDictionary<string, double> PsiOf(string reportJson)
    {
        using var document = JsonDocument.Parse(reportJson);
        var root = document.RootElement;
        var report = root.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.Object ? input : root;
        var psi = new Dictionary<string, double>(StringComparer.Ordinal);
        if (report.TryGetProperty("features", out var features) && features.ValueKind == JsonValueKind.Array)
        {
            foreach (var feature in features.EnumerateArray())
            {
                if (feature.TryGetProperty("name", out var name) && feature.TryGetProperty("measures", out var measures)
                    && measures.TryGetProperty("psi", out var value) && value.ValueKind == JsonValueKind.Number)
                {
                    psi[name.GetString() ?? ""] = value.GetDouble();
                }
            }
        }

        return psi;
    }
}
