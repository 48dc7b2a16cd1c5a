using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mlmax.Scoring.Schema.Internal;

/// <summary>
/// Writes JSON in the bundle files' canonical form (docs/bundle-format.md): two-space indentation, keys sorted
/// ordinally, numbers rounded to 6 decimal places without exponent or trailing zeros, a final line break.
/// </summary>
internal static class CanonicalJson
{
    private static readonly JsonSerializerOptions StringOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Serializes <paramref name="value"/> in canonical form.</summary>
    public static string Write<T>(T value)
    {
        var node = JsonSerializer.SerializeToNode(value, BundleJson.Options);
        var text = new StringBuilder();
        Append(text, node, 0);
        return text.Append('\n').ToString();
    }

    /// <summary>A number as the canonical form writes it: at most 6 decimals, no exponent, no <c>-0</c>.</summary>
    public static string Number(double value)
    {
        var text = Math.Round(value, 6, MidpointRounding.ToEven).ToString("0.######", CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text;
    }

    private static void Append(StringBuilder text, JsonNode? node, int depth)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj when obj.Count == 0:
                text.Append("{}");
                break;
            case JsonObject obj:
                text.Append("{\n");
                var first = true;
                foreach (var (key, child) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    text.Append(first ? "" : ",\n").Append(' ', 2 * (depth + 1)).Append(JsonSerializer.Serialize(key, StringOptions)).Append(": ");
                    Append(text, child, depth + 1);
                    first = false;
                }

                text.Append('\n').Append(' ', 2 * depth).Append('}');
                break;
            case JsonArray array when array.Count == 0:
                text.Append("[]");
                break;
            case JsonArray array:
                text.Append("[\n");
                for (var i = 0; i < array.Count; i++)
                {
                    text.Append(i == 0 ? "" : ",\n").Append(' ', 2 * (depth + 1));
                    Append(text, array[i], depth + 1);
                }

                text.Append('\n').Append(' ', 2 * depth).Append(']');
                break;
            default:
                var value = node.AsValue();
                text.Append(value.GetValueKind() switch
                {
                    JsonValueKind.Number => Number(double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture)),
                    JsonValueKind.String => JsonSerializer.Serialize(value.GetValue<string>(), StringOptions),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => "null",
                });
                break;
        }
    }
}
