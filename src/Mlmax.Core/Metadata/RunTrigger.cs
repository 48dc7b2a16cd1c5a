using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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

    /// <summary>The kind of a trigger that is a new file (or a batch of new files) of a watch.</summary>
    public const string DataKind = "data";

    /// <summary>The kind of a trigger that is a monitoring check that crossed a threshold.</summary>
    public const string AlertKind = "alert";

    /// <summary>Details longer than this are hashed into the <see cref="Key"/> (a batch lists many files).</summary>
    private const int LongestKeyDetail = 200;

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

    /// <summary>
    /// The identity no two runs share, e.g. <c>schedule:nightly@2026-03-28T03:00:00Z</c> or
    /// <c>data:census.new_data:incoming/a.csv 1024 B, modified 2026-03-28T03:00:00.0000000Z</c>; a detail longer than 200
    /// characters is given as its SHA-256 (<c>data:WATCH:sha256:HEX</c>).
    /// </summary>
    [JsonIgnore]
    public string Key => Slot is { } slot
        ? $"{Kind}:{Source}@{slot.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}"
        : Detail is { Length: > LongestKeyDetail } longDetail
            ? $"{Kind}:{Source}:sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(longDetail)))}"
            : $"{Kind}:{Source}:{Detail}";

    /// <summary>The trigger of a schedule's slot.</summary>
    /// <param name="schedule">The schedule's id.</param>
    /// <param name="slot">The slot's nominal time.</param>
    /// <returns>The trigger.</returns>
    public static RunTrigger ForSchedule(string schedule, DateTimeOffset slot) =>
        new() { Kind = ScheduleKind, Source = schedule, Slot = slot.ToUniversalTime() };

    /// <summary>The trigger of a watch's new file, or batch of files.</summary>
    /// <param name="watch">The watch's id.</param>
    /// <param name="detail">The file (or files) with what makes them new: size and modification time, or ETag.</param>
    /// <returns>The trigger.</returns>
    public static RunTrigger ForData(string watch, string detail) => new() { Kind = DataKind, Source = watch, Detail = detail };

    /// <summary>The trigger of a monitoring check's alert: <c>alert census:3: chk-20261128-081500-ab12 runs training</c>.</summary>
    /// <param name="model">The model version the check looked at (<c>NAME:VERSION</c>).</param>
    /// <param name="check">The check's id.</param>
    /// <param name="pipeline">The pipeline the alert runs: one check starts each pipeline at most once.</param>
    /// <returns>The trigger.</returns>
    public static RunTrigger ForAlert(string model, string check, string pipeline) =>
        new() { Kind = AlertKind, Source = model, Detail = $"{check} runs {pipeline}" };

    /// <summary>For people: <c>schedule nightly, slot 2026-03-28 03:00Z</c>.</summary>
    /// <returns>The description.</returns>
    public string Describe() => Slot is { } s
        ? $"{Kind} {Source}, slot {s.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)}"
        : $"{Kind} {Source}{(Detail is null ? string.Empty : ": " + Detail)}";
}
