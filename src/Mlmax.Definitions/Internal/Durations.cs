using System.Globalization;
using System.Text.RegularExpressions;

namespace Mlmax.Definitions.Internal;

/// <summary>Parses durations written <c>500ms</c>, <c>30s</c>, <c>10m</c> or <c>2h</c>.</summary>
internal static partial class Durations
{
    public const string Expected = "a duration like 500ms, 30s, 10m or 2h";

    public static TimeSpan? TryParse(string text)
    {
        var match = DurationRegex().Match(text);
        if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return null;
        }

        try
        {
            return match.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromHours(amount),
            };
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    [GeneratedRegex("^([0-9]+)(ms|s|m|h)$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationRegex();
}
