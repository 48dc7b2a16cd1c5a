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

    public static string Metric(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
