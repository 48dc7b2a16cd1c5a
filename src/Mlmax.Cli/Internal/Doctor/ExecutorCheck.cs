using Mlmax.Definitions;
using Mlmax.Fleet;
using Mlmax.Specs;

namespace Mlmax.Cli.Internal.Doctor;

/// <summary>Where <c>mlmax run</c> would run steps; for the worker fleet, whether live workers serve the pools the pipelines use.</summary>
internal static class ExecutorCheck
{
    public static DoctorCheck Check(ProjectSettings settings, IReadOnlyList<PipelineSpec> pipelines, DateTimeOffset now)
    {
        const string Name = "executor";
        string executor;
        try
        {
            executor = ProjectHost.ChooseExecutor(null, settings);
        }
        catch (UserException e)
        {
            return DoctorCheck.Fail(Name, e.Message);
        }

        if (executor == "local")
        {
            return DoctorCheck.Ok(Name, $"local: steps run on this machine ({Environment.ProcessorCount} processors)");
        }

        using var fleet = ProjectHost.OpenFleet(settings, new FleetOptions());
        var workers = FleetPools.LiveWorkers(fleet, now);
        var fleetName = $"hangfire (queue in {fleet.Description})";
        if (workers.Count == 0)
        {
            return DoctorCheck.Warn(Name, $"{fleetName}: no live worker, so runs wait in the queue until one starts: mlmax worker");
        }

        var pools = pipelines.SelectMany(p => p.Steps).Select(FleetScheduler.QueueOf);
        var unserved = FleetPools.Unserved(pools, workers);
        var served = string.Join(", ", workers.SelectMany(w => w.Queues).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        var live = $"{workers.Count} live worker{(workers.Count == 1 ? "" : "s")} serving {served}";
        return unserved.Count == 0
            ? DoctorCheck.Ok(Name, $"{fleetName}: {live}")
            : DoctorCheck.Warn(Name, $"{fleetName}: {live}; no worker serves {string.Join(", ", unserved)}, whose steps wait until one does: "
                                     + string.Join("; ", unserved.Select(p => $"mlmax worker --pool {p}")));
    }
}
