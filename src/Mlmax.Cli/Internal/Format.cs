using System.Globalization;
using Mlmax.Artifacts;
using Mlmax.Metadata;

namespace Mlmax.Cli.Internal;

/// <summary>Shared text formats of the CLI.</summary>
internal static class Format
{
    public static string Duration(DateTimeOffset? start, DateTimeOffset? end)
    {
        if (start is null || end is null)
        {
            return "";
        }

        var d = end.Value - start.Value;
        return d.TotalSeconds < 60 ? d.TotalSeconds.ToString("0.0s", CultureInfo.InvariantCulture)
            : d.TotalMinutes < 60 ? $"{(int)d.TotalMinutes}m{d.Seconds:00}s"
            : $"{(int)d.TotalHours}h{d.Minutes:00}m";
    }

    public static string Time(DateTimeOffset t) => t.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Status(RunStatus status) => status switch
    {
        RunStatus.Succeeded => "[green]succeeded[/]",
        RunStatus.Cached => "[green]cached[/]",
        RunStatus.Failed => "[red]failed[/]",
        RunStatus.Running => "[blue]running[/]",
        RunStatus.Interrupted => "[yellow]interrupted[/]",
        _ => $"[yellow]{status.ToString().ToLowerInvariant()}[/]",
    };

    public static string Short(string artifactId) => ArtifactId.Short(artifactId);

    /// <summary>What started a run, in short: <c>manual</c>, <c>schedule census.nightly 2026-03-28 03:00Z</c>, <c>data census.new_data: a.csv</c>, <c>data census.drops: 3 files</c>.</summary>
    public static string Trigger(RunTrigger? trigger)
    {
        switch (trigger)
        {
            case null:
                return "manual";
            case { Slot: { } slot }:
                return $"{trigger.Kind} {trigger.Source} {slot.UtcDateTime.ToString(slot.Second == 0 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z";
            case { Kind: RunTrigger.DataKind, Detail: { } detail }:
                // A file's detail is "NAME (SIZE, modified TIME)" or "NAME (ETag ...)"; a batch's lists them, ", "-separated.
                var files = detail.Split("), ", StringSplitOptions.None);
                var first = detail[..Math.Max(0, detail.IndexOf(" (", StringComparison.Ordinal))];
                return files.Length > 1 ? $"data {trigger.Source}: {files.Length} files" : $"data {trigger.Source}: {first}";
            default:
                return trigger.Describe();
        }
    }

    public static string Metric(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
