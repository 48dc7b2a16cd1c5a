using Mlmax.Definitions;
using Mlmax.Execution;
using Mlmax.Scheduling;
using Mlmax.Specs;

namespace Mlmax.Cli.Internal;

/// <summary>The schedules and watches the project's pipeline definitions declare, as stored specs (ids <c>PIPELINE.NAME</c>), and their sync.</summary>
internal static class DeclaredSchedules
{
    /// <summary>Reads every <c>pipelines/*.yaml</c>: their declared schedules and watches.</summary>
    /// <exception cref="DefinitionException">A definition is invalid (file:line errors).</exception>
    /// <exception cref="UserException">A declared schedule's or watch's parameters do not bind.</exception>
    public static (List<ScheduleSpec> Schedules, List<WatchSpec> Watches) Read(ProjectHost host)
    {
        var schedules = new List<ScheduleSpec>();
        var watches = new List<WatchSpec>();
        var problems = new List<string>();
        var directory = Path.Combine(host.Root, "pipelines");
        var files = Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.yaml").Concat(Directory.GetFiles(directory, "*.yml")).Order(StringComparer.Ordinal)
            : Enumerable.Empty<string>();
        foreach (var file in files)
        {
            var pipeline = new PipelineLoader().Load(file);
            var where = Path.GetRelativePath(host.Root, file).Replace(Path.DirectorySeparatorChar, '/');
            foreach (var s in pipeline.Schedules)
            {
                Bind(pipeline, s.Parameters, $"{where}: schedules.{s.Name}", problems);
                schedules.Add(new ScheduleSpec
                {
                    Id = $"{pipeline.Name}.{s.Name}",
                    Pipeline = pipeline.Name,
                    Cron = s.Cron,
                    TimeZone = s.TimeZone,
                    Parameters = s.Parameters,
                    Inputs = s.Inputs,
                    Misfire = s.Misfire,
                    Overlap = s.Overlap,
                    Declared = true,
                });
            }

            foreach (var w in pipeline.Watches)
            {
                Bind(pipeline, w.Parameters, $"{where}: watches.{w.Name}", problems);
                watches.Add(new WatchSpec
                {
                    Id = $"{pipeline.Name}.{w.Name}",
                    Pipeline = pipeline.Name,
                    Path = WatchPath(host, w.Path),
                    Input = w.Input,
                    Pattern = w.Pattern,
                    Batch = w.Batch,
                    Poll = w.Poll,
                    Parameters = w.Parameters,
                    Declared = true,
                });
            }
        }

        return problems.Count == 0 ? (schedules, watches) : throw new UserException(string.Join("\n", problems));
    }

    /// <summary>Stores what the definitions declare (see <see cref="ScheduleBook.SyncDeclaredAsync"/>).</summary>
    public static async Task<DeclaredSync> SyncAsync(ProjectHost host, ScheduleBook book, CancellationToken cancellationToken)
    {
        var (schedules, watches) = Read(host);
        try
        {
            return await book.SyncDeclaredAsync(schedules, watches, cancellationToken);
        }
        catch (ArgumentException e)
        {
            throw new UserException(e.Message);
        }
    }

    /// <summary>A watched path as stored: <c>s3://</c> as written, a local directory made absolute against the project root.</summary>
    public static string WatchPath(ProjectHost host, string path) =>
        path.StartsWith("s3://", StringComparison.Ordinal) ? path : Path.TrimEndingDirectorySeparator(Path.GetFullPath(path, host.Root));

    /// <summary>What a sync did, for people: <c>schedules: 1 added (census.nightly), 1 removed (...)</c>.</summary>
    public static string Describe(DeclaredSync sync)
    {
        var parts = new List<string>();
        void Part(string what, IReadOnlyList<string> ids)
        {
            if (ids.Count > 0)
            {
                parts.Add($"{ids.Count} {what} ({string.Join(", ", ids)})");
            }
        }

        Part("added", sync.Added);
        Part("updated", sync.Updated);
        Part("removed", sync.Removed);
        Part("unchanged", sync.Unchanged);
        return parts.Count == 0 ? "no schedules or watches declared in pipelines/" : "declared schedules and watches: " + string.Join(", ", parts);
    }

    /// <summary>The warnings of a sync: declared ids that a schedule added by hand holds.</summary>
    public static IEnumerable<string> Conflicts(DeclaredSync sync) => sync.Conflicts.Select(id =>
        $"'{id}' is declared in a pipeline definition, but a schedule or watch added by hand has that id: it is left as it is (mlmax schedule remove {id}, then sync, to take the declared one)");

    private static void Bind(PipelineSpec pipeline, IReadOnlyDictionary<string, string> parameters, string where, List<string> problems)
    {
        var found = new List<string>();
        RunPlanner.BindParameters(pipeline, parameters, found);
        problems.AddRange(found.Select(p => $"{where}: {p.Replace("pass --param", "add it under params:", StringComparison.Ordinal)}"));
    }
}
