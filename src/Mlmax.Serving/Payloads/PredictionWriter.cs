using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Mlmax.Scoring;

namespace Mlmax.Serving.Payloads;

/// <summary>Writes predictions as JSON (<c>{"predictions": [{...}, ...]}</c>) or CSV (one line per row, in request order).</summary>
internal static class PredictionWriter
{
    private static readonly JsonEncodedText Predictions = JsonEncodedText.Encode("predictions");

    /// <summary>The output column names as JSON property names, encoded once per model.</summary>
    /// <param name="columns">The output column names.</param>
    /// <returns>The encoded names.</returns>
    public static JsonEncodedText[] JsonNames(IEnumerable<string> columns) => columns.Select(c => JsonEncodedText.Encode(c)).ToArray();

    /// <summary>Writes <c>{"predictions": [{"predicted_label": true, "probability": 0.9, "score": 2.1}, ...]}</c>; a non-finite number is <c>null</c>.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="names">The output column names (<see cref="JsonNames"/>), one per column of <paramref name="predictions"/>.</param>
    /// <param name="predictions">The predictions.</param>
    public static void WriteJson(IBufferWriter<byte> output, IReadOnlyList<JsonEncodedText> names, ScoredColumns predictions)
    {
        using var json = new Utf8JsonWriter(output, Http.JsonOutput.Writer);
        json.WriteStartObject();
        json.WriteStartArray(Predictions);
        var columns = predictions.Columns;
        for (var r = 0; r < predictions.Count; r++)
        {
            json.WriteStartObject();
            for (var c = 0; c < names.Count; c++)
            {
                json.WritePropertyName(names[c]);
                WriteValue(json, columns[c], r);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Writes one CSV line per prediction (numbers round-trip in invariant culture), after a header line if asked.</summary>
    /// <param name="columns">The output column names.</param>
    /// <param name="predictions">The predictions.</param>
    /// <param name="header">Whether to start with the column names.</param>
    /// <returns>The CSV text.</returns>
    public static string WriteCsv(IReadOnlyList<string> columns, ScoredColumns predictions, bool header)
    {
        var text = new StringBuilder();
        if (header)
        {
            text.AppendJoin(',', columns.Select(Quote)).Append('\n');
        }

        for (var r = 0; r < predictions.Count; r++)
        {
            text.AppendJoin(',', predictions.Row(r).Select(v => v switch
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

    /// <summary>Writes one value of a typed output column, without boxing it.</summary>
    private static void WriteValue(Utf8JsonWriter json, Array column, int row)
    {
        switch (column)
        {
            case bool[] b:
                json.WriteBooleanValue(b[row]);
                break;
            case float[] f when float.IsFinite(f[row]):
                json.WriteNumberValue(f[row]);
                break;
            case double[] d when double.IsFinite(d[row]):
                json.WriteNumberValue(d[row]);
                break;
            case long[] l:
                json.WriteNumberValue(l[row]);
                break;
            case int[] n:
                json.WriteNumberValue(n[row]);
                break;
            case float[] or double[]:
                json.WriteNullValue();
                break;
            default:
                if (column.GetValue(row) is { } other)
                {
                    json.WriteStringValue(other.ToString());
                }
                else
                {
                    json.WriteNullValue();
                }

                break;
        }
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
