using Mlmax.Definitions.Internal;
using Mlmax.Specs;

namespace Mlmax.Definitions;

/// <summary>Rules for the schedules and watches: names, cron expressions, time zones, and the parameters and inputs they bind.</summary>
public sealed partial class PipelineValidator
{
    private static void ValidateSchedules(PipelineSpec spec, Action<string, string> add)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var schedule in spec.Schedules)
        {
            var key = $"schedules.{schedule.Name}";
            CheckName(schedule.Name, "schedule", key, seen, add);
            if (Crontab.Problem(schedule.Cron) is { } problem)
            {
                add($"{key}.cron", $"cron '{schedule.Cron}' is not valid: {problem}");
            }

            if (!KnownTimeZone(schedule.TimeZone))
            {
                add($"{key}.timezone", $"unknown time zone '{schedule.TimeZone}': use an IANA name such as Europe/London or UTC");
            }

            CheckParameters(spec, schedule.Parameters, key, add);
            foreach (var name in schedule.Inputs.Keys.Where(n => spec.Inputs.All(i => i.Name != n)))
            {
                add($"{key}.inputs.{name}", $"unknown input '{name}' {Suggestions.Of(name, "inputs", spec.Inputs.Select(i => i.Name))}");
            }
        }

        foreach (var watch in spec.Watches)
        {
            var key = $"watches.{watch.Name}";
            CheckName(watch.Name, "watch (watches and schedules share names)", key, seen, add);
            ValidateWatch(spec, watch, key, add);
        }
    }

    private static void ValidateWatch(PipelineSpec spec, PipelineWatch watch, string key, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(watch.Path) || (watch.Path.StartsWith("s3://", StringComparison.Ordinal) && watch.Path.Length <= "s3://".Length))
        {
            add($"{key}.path", $"'{watch.Path}' is not a path: give a directory (relative to the project) or s3://BUCKET/PREFIX");
        }

        if (string.IsNullOrWhiteSpace(watch.Pattern) || watch.Pattern.Contains('/', StringComparison.Ordinal))
        {
            add($"{key}.pattern", $"pattern '{watch.Pattern}' must be a file name pattern (* and ?), e.g. \"*.csv\"");
        }

        if (watch.Poll < TimeSpan.FromSeconds(1))
        {
            add($"{key}.poll", "poll at most once a second (e.g. 30s)");
        }

        var expected = watch.Batch ? InputKind.Directory : InputKind.File;
        if (spec.Inputs.FirstOrDefault(i => i.Name == watch.Input) is not { } input)
        {
            add($"{key}.input", $"unknown input '{watch.Input}' {Suggestions.Of(watch.Input, "inputs", spec.Inputs.Select(i => i.Name))}");
        }
        else if (input.Kind != expected)
        {
            add($"{key}.input", $"input '{watch.Input}' is of type {input.Kind.ToString().ToLowerInvariant()}, but a watch with batch: {(watch.Batch ? "true" : "false")} binds "
                + (watch.Batch ? "a directory of the new files (type directory)" : "one new file (type file)"));
        }

        CheckParameters(spec, watch.Parameters, key, add);
    }

    private static void CheckParameters(PipelineSpec spec, IReadOnlyDictionary<string, string> parameters, string key, Action<string, string> add)
    {
        foreach (var name in parameters.Keys.Where(n => spec.Parameters.All(p => p.Name != n)))
        {
            add($"{key}.params.{name}", $"unknown parameter '{name}' {Suggestions.Of(name, "parameters", spec.Parameters.Select(p => p.Name))}");
        }
    }

    private static bool KnownTimeZone(string zone)
    {
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(zone);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return false;
        }
    }
}
