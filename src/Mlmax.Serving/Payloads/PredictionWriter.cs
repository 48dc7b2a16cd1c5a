using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Mlmax.Serving.Payloads;

/// <summary>Writes predictions as JSON (<c>{"predictions": [{...}, ...]}</c>) or CSV (one line per row, in request order).</summary>
internal static class PredictionWriter
{
    /// <summary>Writes <c>{"predictions": [{"predicted_label": true, "probability": 0.9, "score": 2.1}, ...]}</c>; a non-finite number is <c>null</c>.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="columns">The output column names.</param>
    /// <param name="rows">The predictions.</param>
    public static void WriteJson(IBufferWriter<byte> output, IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows)
    {
        using var json = new Utf8JsonWriter(output, Http.JsonOutput.Writer);
        var names = columns.Select(c => JsonEncodedText.Encode(c)).ToArray();
        json.WriteStartObject();
        json.WriteStartArray("predictions");
        foreach (var row in rows)
        {
            json.WriteStartObject();
            for (var i = 0; i < names.Length; i++)
            {
                json.WritePropertyName(names[i]);
                switch (row[i])
                {
                    case bool b:
                        json.WriteBooleanValue(b);
                        break;
                    case float f when float.IsFinite(f):
                        json.WriteNumberValue(f);
                        break;
                    case double d when double.IsFinite(d):
                        json.WriteNumberValue(d);
                        break;
                    case long l:
                        json.WriteNumberValue(l);
                        break;
                    case int n:
                        json.WriteNumberValue(n);
                        break;
                    case float or double or null:
                        json.WriteNullValue();
                        break;
                    case var other:
                        json.WriteStringValue(other.ToString());
                        break;
                }
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Writes one CSV line per prediction (numbers round-trip in invariant culture), after a header line if asked.</summary>
    /// <param name="columns">The output column names.</param>
    /// <param name="rows">The predictions.</param>
    /// <param name="header">Whether to start with the column names.</param>
    /// <returns>The CSV text.</returns>
    public static string WriteCsv(IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows, bool header)
    {
        var text = new StringBuilder();
        if (header)
        {
            text.AppendJoin(',', columns.Select(Quote)).Append('\n');
        }

        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Select(v => v switch
            {
                bool b => b ? "true" : "false",
                float f => f.ToString("R", CultureInfo.InvariantCulture),
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                long l => l.ToString(CultureInfo.InvariantCulture),
                int n => n.ToString(CultureInfo.InvariantCulture),
                null => "",
                var other => Quote(other.ToString() ?? ""),
            })).Append('\n');
        }

        return text.ToString();
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
