using Hangfire.Storage.Monitoring;
using Mlmax.Fleet;

namespace Mlmax.Cli.Internal;

/// <summary>The fleet's live workers and the pools they serve: warnings before a run, and <c>mlmax doctor</c>.</summary>
internal static class FleetPools
{
    /// <summary>The workers whose last heartbeat is recent enough to count them as running.</summary>
    /// <exception cref="UserException">The fleet's database is not reachable.</exception>
    public static IReadOnlyList<ServerDto> LiveWorkers(FleetConnection fleet, DateTimeOffset now)
    {
        try
        {
            return [.. fleet.Storage.GetMonitoringApi().Servers()
                .Where(s => s.Heartbeat is not { } beat || now - Utc(beat) < FleetWorker.HeartbeatTimeout)];
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException)
        {
            throw new UserException($"the fleet's database {fleet.Description} is not reachable: {e.Message}");
        }
    }

    /// <summary>The pools of <paramref name="pools"/> that none of <paramref name="workers"/> serves, in order.</summary>
    public static IReadOnlyList<string> Unserved(IEnumerable<string> pools, IReadOnlyList<ServerDto> workers)
    {
        var served = workers.SelectMany(s => s.Queues).ToHashSet(StringComparer.Ordinal);
        return [.. pools.Distinct(StringComparer.Ordinal).Where(p => !served.Contains(p))];
    }

    /// <summary>A time the queue stored: written in UTC, read back as UTC or without a kind.</summary>
    private static DateTimeOffset Utc(DateTime time) =>
        time.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(time, TimeSpan.Zero) : new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero);
}
