using Mlmax.Specs;

namespace Mlmax.Definitions.Internal;

/// <summary>Reading of the <c>schedules</c> and <c>watches</c> sections.</summary>
internal sealed partial class PipelineReader
{
    private const string ScheduleWhat = "a schedule mapping { cron, timezone, params, inputs, misfire, overlap }";
    private const string WatchWhat = "a watch mapping { path, input, pattern, batch, poll, params }";

    private static readonly string[] ScheduleKeys = ["cron", "timezone", "params", "inputs", "misfire", "overlap"];
    private static readonly string[] WatchKeys = ["path", "input", "pattern", "batch", "poll", "params"];

    private List<PipelineSchedule> ReadSchedules(MappingReader document)
    {
        var result = new List<PipelineSchedule>();
        var section = document.Nested("schedules", null, "a mapping of schedule names to { cron, timezone, params, inputs, misfire, overlap }");
        foreach (var entry in section?.Entries ?? [])
        {
            var path = section!.PathOf(entry.Key.Value);
            if (MappingReader.AsMapping(entry.Value, path, ScheduleKeys, ScheduleWhat, errors) is not { } body)
            {
                continue;
            }

            var cron = body.String("cron", required: true, what: "a five-field crontab expression, e.g. \"0 3 * * *\"") ?? string.Empty;
            result.Add(new PipelineSchedule(entry.Key.Value, cron)
            {
                TimeZone = body.String("timezone", what: "an IANA time zone, e.g. Europe/London") ?? "UTC",
                Parameters = Texts(body, "params", "a mapping of parameter names to values"),
                Inputs = Texts(body, "inputs", "a mapping of input names to paths"),
                Misfire = body.String("misfire") switch
                {
                    null or "run-once" => MisfirePolicy.RunOnce,
                    "skip" => MisfirePolicy.Skip,
                    var other => Invalid(body, "misfire", $"unknown misfire policy '{other}': use run-once (one run on wake-up for the slots missed) or skip", MisfirePolicy.RunOnce),
                },
                Overlap = body.String("overlap") switch
                {
                    null or "skip" => OverlapPolicy.Skip,
                    "queue" => OverlapPolicy.Queue,
                    var other => Invalid(body, "overlap", $"unknown overlap policy '{other}': use skip (drop a slot due while the last run goes on) or queue (run it after)", OverlapPolicy.Skip),
                },
            });
        }

        return result;
    }

    private List<PipelineWatch> ReadWatches(MappingReader document)
    {
        var result = new List<PipelineWatch>();
        var section = document.Nested("watches", null, "a mapping of watch names to { path, input, pattern, batch, poll, params }");
        foreach (var entry in section?.Entries ?? [])
        {
            var path = section!.PathOf(entry.Key.Value);
            if (MappingReader.AsMapping(entry.Value, path, WatchKeys, WatchWhat, errors) is not { } body)
            {
                continue;
            }

            var watched = body.String("path", required: true, what: "a directory (relative to the project) or s3://BUCKET/PREFIX") ?? string.Empty;
            var input = body.String("input", required: true, what: "the name of the pipeline input each new file is bound to") ?? string.Empty;
            result.Add(new PipelineWatch(entry.Key.Value, watched, input)
            {
                Pattern = body.String("pattern", what: "a file name pattern, e.g. \"*.csv\"") ?? "*",
                Batch = body.Bool("batch") ?? false,
                Poll = body.Duration("poll") ?? TimeSpan.FromSeconds(30),
                Parameters = Texts(body, "params", "a mapping of parameter names to values"),
            });
        }

        return result;
    }

    /// <summary>A mapping of names to scalar values, as text (what <c>--param</c> and <c>--input</c> take).</summary>
    private Dictionary<string, string> Texts(MappingReader body, string key, string what)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var section = body.Nested(key, null, what);
        foreach (var entry in section?.Entries ?? [])
        {
            if (entry.Value is YScalar { IsNull: false } scalar)
            {
                result[entry.Key.Value] = scalar.Value;
            }
            else
            {
                errors.Add(section!.PathOf(entry.Key.Value), entry.Value.Start, $"'{entry.Key.Value}' needs a value, got {MappingReader.Describe(entry.Value)}");
            }
        }

        return result;
    }

    private T Invalid<T>(MappingReader body, string key, string message, T fallback)
    {
        errors.Add(body.PathOf(key), errors.Where(body.PathOf(key), body.Mapping.Start), message);
        return fallback;
    }
}
