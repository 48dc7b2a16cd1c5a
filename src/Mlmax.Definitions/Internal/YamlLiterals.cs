using System.Globalization;
using System.Text.RegularExpressions;

namespace Mlmax.Definitions.Internal;

/// <summary>Types plain YAML scalars the way the YAML core schema does: integers, floats, booleans; anything else,
/// and every quoted scalar, is a string.</summary>
internal static partial class YamlLiterals
{
    public static object Literal(YScalar scalar)
    {
        if (!scalar.IsPlain)
        {
            return scalar.Value;
        }

        if (TryBool(scalar.Value, out var b))
        {
            return b;
        }

        if (TryInteger(scalar.Value, out var l))
        {
            return l;
        }

        if (FloatRegex().IsMatch(scalar.Value) &&
            double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) &&
            double.IsFinite(d))
        {
            return d;
        }

        return scalar.Value;
    }

    public static bool TryBool(string text, out bool value)
    {
        switch (text)
        {
            case "true" or "True" or "TRUE":
                value = true;
                return true;
            case "false" or "False" or "FALSE":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    public static bool TryInteger(string text, out long value) =>
        IntegerRegex().IsMatch(text) & long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    [GeneratedRegex("^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerRegex();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatRegex();
}
