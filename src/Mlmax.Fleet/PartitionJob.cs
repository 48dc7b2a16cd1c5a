using System.ComponentModel;
using Hangfire;
using Hangfire.Server;
using Mlmax.Execution;
using Mlmax.Metadata;

namespace Mlmax.Fleet;

/// <summary>
/// The job that scores one part of a partitioned predict step (see <see cref="PartitionedPredictor"/>) on whichever
/// worker of the step's pool takes it. A part already scored or claimed by a live worker is skipped; a part whose
/// worker died is delivered again and taken over.
/// </summary>
/// <param name="context">The worker's stores and launcher.</param>
/// <param name="fleet">The fleet's queue.</param>
public sealed class PartitionJob(ExecutorContext context, FleetConnection fleet)
{
    /// <summary>Scores the part unless it is done or another worker has it.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="step">The predict step.</param>
    /// <param name="index">The part, from 0.</param>
    /// <param name="perform">Supplied by the worker: the job's stored state.</param>
    /// <param name="shutdown">Supplied by the worker: signalled when the worker stops.</param>
    /// <returns>A task.</returns>
    [AutomaticRetry(Attempts = 0)]
    [DisplayName("run {0} step {1} part {2}")]
    public async Task RunAsync(string runId, string step, int index, PerformContext? perform, CancellationToken shutdown)
    {
        ArgumentNullException.ThrowIfNull(perform);
        var deliveries = perform.GetJobParameter<int>("mlmax_deliveries") + 1;
        perform.SetJobParameter("mlmax_deliveries", deliveries);
        var run = await context.Metadata.GetRunAsync(runId, CancellationToken.None);
        if (run is null || run.Status != RunStatus.Running || context.Launcher.Options.Predictor is not { } predictor)
        {
            return;
        }

        var spec = Definitions.CanonicalForm.FromJson(run.DefinitionJson).Steps.FirstOrDefault(s => s.Name == step);
        if (spec is null || !await PartitionedPredictor.TryClaimAsync(fleet, PartitionedPredictor.Key(runId, step), index, takeOver: deliveries > 1, shutdown))
        {
            return;
        }

        context.Observer.StepLog($"{runId}/{step}", $"scoring part {index + 1}");
        try
        {
            await PartitionedPredictor.ScorePartAsync(predictor, context, fleet, runId, spec, index, line => context.Observer.StepLog($"{runId}/{step}", line), shutdown);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Recorded for the step's worker, which fails the step (its retries then score the part again).
            PartitionedPredictor.RecordError(fleet, PartitionedPredictor.Key(runId, step), index, $"part {index + 1}: {e.Message}");
            context.Observer.StepLog($"{runId}/{step}", e.Message);
        }
    }
}
