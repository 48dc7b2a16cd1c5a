using System.Globalization;

namespace Mlmax.Definitions;

/// <summary>
/// Five-field crontab expressions as schedules take them: <c>minute hour day-of-month month day-of-week</c>, each field a
/// comma-separated list of <c>*</c>, <c>N</c>, <c>N-M</c>, each optionally stepped (<c>*/15</c>, <c>1-10/2</c>); months may
/// be named <c>jan</c>-<c>dec</c> and days <c>sun</c>-<c>sat</c> (0 and 7 are Sunday); or one of the macros <c>@yearly</c>
/// (<c>@annually</c>), <c>@monthly</c>, <c>@weekly</c>, <c>@daily</c> (<c>@midnight</c>) and <c>@hourly</c>.
/// </summary>
public static class Crontab
{
    private static readonly Dictionary<string, string> Macros = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
        ["@monthly"] = "0 0 1 * *",
        ["@weekly"] = "0 0 * * 0",
        ["@daily"] = "0 0 * * *",
        ["@midnight"] = "0 0 * * *",
        ["@hourly"] = "0 * * * *",
    };

    private static readonly string[] MonthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    private static readonly (string Name, int Min, int Max, string[]? Names, int NameBase)[] FieldRules =
    [
        ("minute", 0, 59, null, 0),
        ("hour", 0, 23, null, 0),
        ("day of month", 1, 31, null, 0),
        ("month", 1, 12, MonthNames, 1),
        ("day of week", 0, 7, DayNames, 0),
    ];

    /// <summary>The five fields of an expression, a macro written out (<c>@daily</c> is <c>0 0 * * *</c>).</summary>
    /// <param name="expression">The expression.</param>
    /// <returns>Minute, hour, day of month, month and day of week, as written.</returns>
    /// <exception cref="FormatException">Not a valid expression; the message says what is wrong.</exception>
    public static IReadOnlyList<string> Fields(string expression)
    {
        var text = expression.Trim();
        if (text.StartsWith('@'))
        {
            return Macros.TryGetValue(text, out var expanded)
                ? expanded.Split(' ')
                : throw new FormatException($"unknown macro '{text}' (use @yearly, @monthly, @weekly, @daily or @hourly)");
        }

        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            throw new FormatException($"expected five fields (minute hour day-of-month month day-of-week, e.g. \"0 3 * * *\"), got {fields.Length.ToString(CultureInfo.InvariantCulture)}");
        }

        for (var i = 0; i < 5; i++)
        {
            CheckField(fields[i], FieldRules[i]);
        }

        return fields;
    }

    /// <summary>Why an expression is not valid, or <see langword="null"/> when it is.</summary>
    /// <param name="expression">The expression.</param>
    /// <returns>The problem, or <see langword="null"/>.</returns>
    public static string? Problem(string expression)
    {
        try
        {
            Fields(expression);
            return null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }

    private static void CheckField(string field, (string Name, int Min, int Max, string[]? Names, int NameBase) rule)
    {
        foreach (var item in field.Split(','))
        {
            var range = item;
            var slash = item.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                range = item[..slash];
                if (!int.TryParse(item[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var step) || step < 1)
                {
                    throw Bad(rule.Name, item, "the step after '/' must be a whole number of at least 1");
                }
            }

            if (range == "*")
            {
                continue;
            }

            var dash = range.IndexOf('-', StringComparison.Ordinal);
            var low = Value(dash >= 0 ? range[..dash] : range, rule, item);
            if (dash >= 0 && Value(range[(dash + 1)..], rule, item) < low)
            {
                throw Bad(rule.Name, item, "a range must go from low to high");
            }
        }
    }

    private static int Value(string text, (string Name, int Min, int Max, string[]? Names, int NameBase) rule, string item)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value >= rule.Min && value <= rule.Max
                ? value
                : throw Bad(rule.Name, item, $"{value.ToString(CultureInfo.InvariantCulture)} is out of range {rule.Min.ToString(CultureInfo.InvariantCulture)}-{rule.Max.ToString(CultureInfo.InvariantCulture)}");
        }

        var index = rule.Names is null ? -1 : Array.FindIndex(rule.Names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        return index >= 0
            ? index + rule.NameBase
            : throw Bad(rule.Name, item, $"expected *, a number {rule.Min.ToString(CultureInfo.InvariantCulture)}-{rule.Max.ToString(CultureInfo.InvariantCulture)}{(rule.Names is null ? string.Empty : $" or a name ({rule.Names[0]}-{rule.Names[^1]})")}, a range N-M or a list N,M, optionally stepped (/N)");
    }

    private static FormatException Bad(string field, string item, string why) => new($"{field} field '{item}': {why}");
}
