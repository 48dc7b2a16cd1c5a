namespace Mlmax.Specs;

/// <summary>
/// A schedule declared in a pipeline's definition (its <c>schedules:</c> section): the pipeline runs on the slots of a cron
/// expression, in a time zone. The scheduler keeps the stored schedule <c>PIPELINE.NAME</c> in step with it. It says when the
/// pipeline runs, not what runs, so it is no part of the definition's canonical form or version, nor of any step's cache key.
/// </summary>
/// <param name="Name">The schedule's name, unique among the pipeline's schedules and watches.</param>
/// <param name="Cron">When: five-field crontab (<c>0 3 * * *</c>) or an <c>@daily</c>-style macro.</param>
public sealed record PipelineSchedule(string Name, string Cron)
{
    /// <summary>The IANA time zone the cron expression is read in.</summary>
    /// <value>Default <c>UTC</c>.</value>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Parameter overrides for every run, as text (as <c>--param NAME=VALUE</c> gives them).</summary>
    /// <value>Default: none.</value>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Input bindings for every run (as <c>--input NAME=PATH</c> gives them).</summary>
    /// <value>Default: none.</value>
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>What to do with slots missed while no scheduler ran.</summary>
    /// <value>Default <see cref="MisfirePolicy.RunOnce"/>.</value>
    public MisfirePolicy Misfire { get; init; } = MisfirePolicy.RunOnce;

    /// <summary>What to do with a slot that comes due while the previous run goes on.</summary>
    /// <value>Default <see cref="OverlapPolicy.Skip"/>.</value>
    public OverlapPolicy Overlap { get; init; } = OverlapPolicy.Skip;
}
