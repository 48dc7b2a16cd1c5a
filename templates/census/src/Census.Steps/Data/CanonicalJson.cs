using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Census.Steps.Data;

/// <summary>
/// Writes JSON in the canonical form of mlmax's bundle files (docs/bundle-format.md), so the same data always gives
/// the same bytes: two-space indentation, keys sorted ordinally, numbers rounded to 6 decimal places without exponent
/// or trailing zeros, a final line break.
/// </summary>
internal static class CanonicalJson
{
    private static readonly JsonSerializerOptions StringOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes a value made of dictionaries (string keys), lists, strings, numbers, booleans and nulls.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="value">The value.</param>
    public static void WriteFile(string path, object? value)
    {
        var text = new StringBuilder();
        Append(text, value, 0);
        File.WriteAllText(path, text.Append('\n').ToString(), new UTF8Encoding(false));
    }

    /// <summary>A number as the canonical form writes it: at most 6 decimals, no exponent, no <c>-0</c>; NaN as null.</summary>
    /// <param name="value">The number.</param>
    /// <returns>Its JSON text.</returns>
    public static string Number(double value)
    {
        if (!double.IsFinite(value))
        {
            return "null";
        }

        var text = Math.Round(value, 6, MidpointRounding.ToEven).ToString("0.######", CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text;
    }

    private static void Append(StringBuilder text, object? value, int depth)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case string s:
                text.Append(JsonSerializer.Serialize(s, StringOptions));
                break;
            case bool b:
                text.Append(b ? "true" : "false");
                break;
            case int or long:
                text.Append(Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                text.Append(Number(d));
                break;
            case IDictionary map:
                var keys = map.Keys.Cast<string>().OrderBy(k => k, StringComparer.Ordinal).ToList();
                Block(text, '{', '}', keys.Count, depth, (i, t) =>
                {
                    t.Append(JsonSerializer.Serialize(keys[i], StringOptions)).Append(": ");
                    Append(t, map[keys[i]], depth + 1);
                });
                break;
            case IEnumerable sequence:
                var items = sequence.Cast<object?>().ToList();
                Block(text, '[', ']', items.Count, depth, (i, t) => Append(t, items[i], depth + 1));
                break;
            default:
                throw new ArgumentException($"cannot write a {value.GetType().Name} as canonical JSON", nameof(value));
        }
    }

    private static void Block(StringBuilder text, char open, char close, int count, int depth, Action<int, StringBuilder> item)
    {
        text.Append(open);
        for (var i = 0; i < count; i++)
        {
            text.Append(i == 0 ? "\n" : ",\n").Append(' ', 2 * (depth + 1));
            item(i, text);
        }

        if (count > 0)
        {
            text.Append('\n').Append(' ', 2 * depth);
        }

        text.Append(close);
    }
}
