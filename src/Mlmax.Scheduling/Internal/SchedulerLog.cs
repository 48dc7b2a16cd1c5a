using Microsoft.Extensions.Logging;

namespace Mlmax.Scheduling.Internal;

/// <summary>The logger of mlmax's scheduling messages, as the jobs Quartz builds receive it (its container keeps its own logger factory).</summary>
/// <param name="Logger">The logger.</param>
internal sealed record SchedulerLog(ILogger Logger)
{
    /// <summary>The log category.</summary>
    public const string Category = "Mlmax.Scheduling";
}
