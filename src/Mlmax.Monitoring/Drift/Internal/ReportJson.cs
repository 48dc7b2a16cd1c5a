using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mlmax.Monitoring.Drift.Internal;

/// <summary>Writes and reads drift reports and thresholds: snake_case keys and enum values, properties in declaration order, nulls left out.</summary>
internal static class ReportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Write(DriftReport report) => JsonSerializer.Serialize(report, Options) + "\n";

    public static string Write(DriftThresholds thresholds) => JsonSerializer.Serialize(thresholds, Options) + "\n";

    public static DriftReport Read(string json) =>
        JsonSerializer.Deserialize<DriftReport>(json, Options) ?? throw new JsonException("the drift report is empty (null)");
}
