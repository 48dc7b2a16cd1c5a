using Mlmax.Definitions;
using Mlmax.Metadata;
using Mlmax.Registry;
using Mlmax.Scheduling;

namespace Mlmax.Cli.Internal.Monitoring;

/// <summary>
/// The <c>- run: PIPELINE</c> alerts of <c>monitoring.alerts</c>: a check that crossed a threshold starts the pipeline
/// (typically retraining), recorded with an <c>alert</c> trigger naming the check, so a check starts each pipeline at
/// most once, whoever runs <c>mlmax monitor</c> again. The run goes where <c>mlmax run</c> would send it: in this
/// process (awaited), or submitted to the worker fleet.
/// </summary>
internal static class AlertRuns
{
    public static async Task StartAsync(ProjectHost host, IReadOnlyList<AlertSettings> alerts, ModelVersionRecord version, MonitorCheckRecord check, CancellationToken cancellationToken)
    {
        foreach (var alert in alerts.Where(a => a.Run is not null))
        {
            var observer = new WorkerObserver(Console.Error, quiet: true);
            var trigger = RunTrigger.ForAlert(version.Reference, check.Id, alert.Run!);
            var request = new ScheduledRunRequest(alert.Run!, alert.Parameters, alert.Inputs, trigger);
            var context = host.CreateContext(observer, observer.Note);
            try
            {
                if (host.Executor(null) == "hangfire")
                {
                    using var fleet = host.OpenFleet(new Fleet.FleetOptions());
                    var submitted = await new FleetRunLauncher(host, context, fleet, observer).LaunchAsync(request, cancellationToken);
                    await Console.Error.WriteLineAsync($"alert: check {check.Id} started {alert.Run} run {submitted.RunId} on the worker fleet");
                }
                else
                {
                    await Console.Error.WriteLineAsync($"alert: check {check.Id} starts a {alert.Run} run in this process");
                    var launched = await new LocalRunLauncher(host, context, observer).LaunchAsync(request, cancellationToken);
                    await launched.Completion;
                }
            }
            catch (DuplicateRunTriggerException)
            {
                await Console.Error.WriteLineAsync($"alert: check {check.Id} has already started its {alert.Run} run");
            }
            catch (Exception e) when (e is UserException or DefinitionException)
            {
                await Console.Error.WriteLineAsync($"warning: the alert of check {check.Id} could not start pipeline '{alert.Run}': {e.Message}");
            }
        }
    }
}
