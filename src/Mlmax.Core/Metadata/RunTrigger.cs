using System.Globalization;
using System.Text.Json.Serialization;

namespace Mlmax.Metadata;

/// <summary>
/// What started a run: a schedule's slot, a data file, a monitor alert. A run with no trigger was started by hand. The
/// <see cref="Key"/> is unique among runs, so one slot of a schedule (or one file of a watch) can start at most one run,
/// whichever process tries.
/// </summary>
public sealed record RunTrigger
{
    /// <summary>The kind of a trigger that is a schedule's slot.</summary>
    public const string ScheduleKind = "schedule";

    /// <summary>What kind of trigger: <c>schedule</c>, <c>data</c> or <c>alert</c>.</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary>The schedule (or watch, or monitor) that fired.</summary>
    [JsonPropertyName("source")]
    public required string Source { get; init; }

    /// <summary>The slot the schedule fired for (its nominal time, in UTC), when <see cref="Kind"/> is <c>schedule</c>.</summary>
    [JsonPropertyName("slot")]
    public DateTimeOffset? Slot { get; init; }

    /// <summary>What else identifies the trigger: the data file, the alert.</summary>
    [JsonPropertyName("detail")]
    public string? Detail { get; init; }

    /// <summary>The identity no two runs share, e.g. <c>schedule:nightly@2026-03-28T03:00:00Z</c>.</summary>
    [JsonIgnore]
    public string Key => Slot is { } slot
        ? $"{Kind}:{Source}@{slot.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}"
        : $"{Kind}:{Source}:{Detail}";

    /// <summary>The trigger of a schedule's slot.</summary>
    /// <param name="schedule">The schedule's id.</param>
    /// <param name="slot">The slot's nominal time.</param>
    /// <returns>The trigger.</returns>
    public static RunTrigger ForSchedule(string schedule, DateTimeOffset slot) =>
        new() { Kind = ScheduleKind, Source = schedule, Slot = slot.ToUniversalTime() };

    /// <summary>For people: <c>schedule nightly, slot 2026-03-28 03:00Z</c>.</summary>
    /// <returns>The description.</returns>
    public string Describe() => Slot is { } s
        ? $"{Kind} {Source}, slot {s.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)}"
        : $"{Kind} {Source}{(Detail is null ? string.Empty : ": " + Detail)}";
}
