using System.Globalization;
using Mlmax.Specs;

namespace Mlmax.Scheduling.Tests;

internal static class Slots
{
    public static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static string Format(DateTimeOffset? slot) => slot?.UtcDateTime.ToString(slot.Value.Second == 0 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "none";

    public static ScheduleSpec Spec(string cron, string id = "nightly", string zone = "UTC", MisfirePolicy misfire = MisfirePolicy.RunOnce, OverlapPolicy overlap = OverlapPolicy.Skip) => new()
    {
        Id = id,
        Pipeline = "training",
        Cron = cron,
        TimeZone = zone,
        Parameters = new Dictionary<string, string> { ["l2"] = "0.5" },
        Inputs = new Dictionary<string, string> { ["data"] = "data/census.csv" },
        Misfire = misfire,
        Overlap = overlap,
    };
}
