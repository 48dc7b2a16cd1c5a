using System.Globalization;
using System.Text.RegularExpressions;

namespace Mlmax.Cli.Internal.Monitoring;

/// <summary>Parses <c>--since WHEN</c>: a duration back from now (<c>90m</c>, <c>24h</c>, <c>7d</c>, <c>2w</c>) or an ISO date or date-time (UTC unless it has an offset).</summary>
internal static partial class SinceOption
{
    public static DateTimeOffset Parse(string text, TimeProvider time)
    {
        var match = DurationPattern().Match(text.Trim());
        if (match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount <= 100_000)
        {
            var unit = match.Groups[2].Value switch
            {
                "m" => TimeSpan.FromMinutes(1),
                "h" => TimeSpan.FromHours(1),
                "d" => TimeSpan.FromDays(1),
                _ => TimeSpan.FromDays(7),
            };
            return time.GetUtcNow() - (unit * amount);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            && char.IsAsciiDigit(text.Trim().FirstOrDefault()))
        {
            return at;
        }

        throw new UserException($"--since '{text}': expected a duration back from now (e.g. 90m, 24h, 7d, 2w) or an ISO date or date-time (e.g. 2026-03-01 or 2026-03-01T12:00Z)");
    }

    [GeneratedRegex("^([0-9]+)(m|h|d|w)$")]
    private static partial Regex DurationPattern();
}
