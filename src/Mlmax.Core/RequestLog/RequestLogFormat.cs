using System.Globalization;
using System.Text.Json;

namespace Mlmax.RequestLog;

/// <summary>
/// The JSON line of one <see cref="LoggedRow"/>: <c>{"request_id": ..., "row_id": ..., "at": "2026-11-28T10:00:00.0000000Z",
/// "model": "census", "version": 3, "inputs": {"age": "39", ...}, "outputs": {"predicted_label": false, "score": -2.1, ...}}</c>.
/// </summary>
public static class RequestLogFormat
{
    /// <summary>The name of the one file in a segment artifact.</summary>
    public const string FileName = "requests.jsonl.gz";

    /// <summary>Writes a row as one JSON object (no line break).</summary>
    /// <param name="json">Where to write.</param>
    /// <param name="row">The row.</param>
    public static void Write(Utf8JsonWriter json, LoggedRow row)
    {
        json.WriteStartObject();
        json.WriteString("request_id", row.RequestId);
        json.WriteString("row_id", row.RowId);
        json.WriteString("at", row.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        json.WriteString("model", row.Model);
        json.WriteNumber("version", row.Version);
        json.WriteStartObject("inputs");
        foreach (var (name, value) in row.Inputs)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
        json.WriteStartObject("outputs");
        foreach (var (name, value) in row.Outputs)
        {
            json.WritePropertyName(name);
            switch (value)
            {
                case bool b:
                    json.WriteBooleanValue(b);
                    break;
                case double d when double.IsFinite(d):
                    json.WriteNumberValue(d);
                    break;
                case string s:
                    json.WriteStringValue(s);
                    break;
                default:
                    json.WriteNullValue();
                    break;
            }
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>Reads one JSON line.</summary>
    /// <param name="line">The line.</param>
    /// <returns>The row.</returns>
    /// <exception cref="InvalidDataException">The line is not a logged row.</exception>
    public static LoggedRow Read(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var inputs = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var p in root.GetProperty("inputs").EnumerateObject())
            {
                inputs[p.Name] = p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.GetString();
            }

            var outputs = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var p in root.GetProperty("outputs").EnumerateObject())
            {
                outputs[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Number => p.Value.GetDouble(),
                    JsonValueKind.String => p.Value.GetString(),
                    _ => null,
                };
            }

            return new LoggedRow(
                root.GetProperty("request_id").GetString()!,
                root.GetProperty("row_id").GetString()!,
                DateTimeOffset.Parse(root.GetProperty("at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                root.GetProperty("model").GetString()!,
                root.GetProperty("version").GetInt32(),
                inputs,
                outputs);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentNullException)
        {
            throw new InvalidDataException($"not a request log row: {e.Message}", e);
        }
    }

    /// <summary>An output value as text, as a predictions file would hold it (numbers round-trip in invariant culture).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text, or <see langword="null"/>.</returns>
    public static string? Text(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
