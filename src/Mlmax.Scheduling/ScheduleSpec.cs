using Mlmax.Specs;

namespace Mlmax.Scheduling;

/// <summary>A pipeline run on the slots of a cron expression, in a time zone. An immutable value; the scheduler stores it.</summary>
public sealed record ScheduleSpec
{
    /// <summary>The schedule's id: letters, digits, <c>-</c>, <c>_</c> and <c>.</c>, unique in the metadata database.</summary>
    public required string Id { get; init; }

    /// <summary>The pipeline it runs.</summary>
    public required string Pipeline { get; init; }

    /// <summary>When: five-field crontab (<c>0 3 * * *</c>, day of week 0-7 with 0 and 7 Sunday) or an <c>@daily</c>-style macro.</summary>
    public required string Cron { get; init; }

    /// <summary>The IANA time zone the cron expression is read in.</summary>
    /// <value>Default <c>UTC</c>.</value>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Parameter overrides for every run, as <c>--param</c> gives them.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Input bindings for every run, as <c>--input</c> gives them.</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>What to do with slots missed while no scheduler ran.</summary>
    /// <value>Default <see cref="MisfirePolicy.RunOnce"/>.</value>
    public MisfirePolicy Misfire { get; init; } = MisfirePolicy.RunOnce;

    /// <summary>What to do with a slot that comes due while the previous run goes on.</summary>
    /// <value>Default <see cref="OverlapPolicy.Skip"/>.</value>
    public OverlapPolicy Overlap { get; init; } = OverlapPolicy.Skip;

    /// <summary>
    /// Whether it is declared in the pipeline's definition (id <c>PIPELINE.NAME</c>) rather than added with <c>mlmax schedule
    /// add</c>: <see cref="ScheduleBook.SyncDeclaredAsync"/> keeps it in step with the definition, and removes it when the
    /// definition no longer declares it.
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool Declared { get; init; }
}
