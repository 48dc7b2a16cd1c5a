using Mlmax.Definitions;

namespace Mlmax.Aws.Compilation;

/// <summary>
/// A five-field crontab expression as EventBridge Scheduler's six-field <c>cron(minutes hours day-of-month month
/// day-of-week year)</c>: days of the week numbered 1 (Sunday) to 7, one of the two day fields <c>?</c>, and
/// <c>*/N</c> written <c>0/N</c> (or <c>1/N</c> for days and months).
/// </summary>
public static class EventBridgeCron
{
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    /// <summary>Converts an expression.</summary>
    /// <param name="crontab">Five-field crontab or an <c>@daily</c>-style macro.</param>
    /// <returns>The EventBridge expression, e.g. <c>cron(0 3 * * ? *)</c>.</returns>
    /// <exception cref="FormatException">The expression is invalid, or has no EventBridge equivalent; the message says why.</exception>
    public static string Convert(string crontab)
    {
        var f = Crontab.Fields(crontab);
        var (minute, hour, dom, month, dow) = (f[0], f[1], f[2], f[3], f[4]);
        if (dom != "*" && dow != "*")
        {
            throw new FormatException($"'{crontab}' restricts both the day of month and the day of week (crontab runs on either); EventBridge takes one of them: declare two schedules");
        }

        return dow == "*"
            ? $"cron({Steps(minute, 0)} {Steps(hour, 0)} {Steps(dom, 1)} {Steps(month, 1)} ? *)"
            : $"cron({Steps(minute, 0)} {Steps(hour, 0)} ? {Steps(month, 1)} {DaysOfWeek(dow, crontab)} *)";
    }

    private static string Steps(string field, int first) => string.Join(',', field.Split(',').Select(item =>
        item.StartsWith("*/", StringComparison.Ordinal) ? $"{first}/{item[2..]}" : item.ToUpperInvariant()));

    private static string DaysOfWeek(string field, string crontab) => string.Join(',', field.Split(',').Select(item =>
    {
        if (item.Contains('/', StringComparison.Ordinal))
        {
            throw new FormatException($"'{crontab}': EventBridge takes no steps ('/') in the day of week; list the days instead");
        }

        var range = item.Split('-');
        var days = range.Select(Day).ToList();
        if (range.Length == 2 && Array.IndexOf(Days, days[0]) > Array.IndexOf(Days, days[1]))
        {
            throw new FormatException($"'{crontab}': the day range '{item}' runs past Saturday; write it as two, e.g. 5-6,0");
        }

        return string.Join('-', days);
    }));

    private static string Day(string text) => int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
        ? Days[n % 7]
        : text.ToUpperInvariant();
}
