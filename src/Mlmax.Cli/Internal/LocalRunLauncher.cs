using Mlmax.Execution;
using Mlmax.Metadata;
using Mlmax.Scheduling;

namespace Mlmax.Cli.Internal;

/// <summary>
/// Starts a schedule's run in this process, as <c>mlmax run</c> does: plans it from the project's current definition,
/// records it with its trigger (which claims the slot), runs its steps, and registers the model the pipeline declares.
/// </summary>
internal sealed class LocalRunLauncher(ProjectHost host, ExecutorContext context, WorkerObserver observer) : IRunLauncher
{
    public async Task<LaunchedRun> LaunchAsync(ScheduledRunRequest request, CancellationToken cancellationToken)
    {
        var pipeline = host.LoadPipeline(request.Pipeline);
        var plan = await new RunPlanner(context).PlanAsync(pipeline, request.Parameters, request.Inputs, host.Root, cancellationToken)
            with { Trigger = request.Trigger };
        var executor = new RunExecutor(context);
        var run = await executor.StartRunAsync(plan);
        return new LaunchedRun(run.Id, Task.Run(() => FinishAsync(executor, plan, run, request.Trigger, cancellationToken), CancellationToken.None));
    }

    private async Task FinishAsync(RunExecutor executor, RunPlan plan, RunRecord run, RunTrigger trigger, CancellationToken cancellationToken)
    {
        var result = await executor.ContinueAsync(plan, run, new RunOptions(), cancellationToken);
        if (result.Run.Status == RunStatus.Succeeded && plan.Pipeline.Model is { Register: true } model)
        {
            var version = await new Registry.ModelRegistrar(host.Metadata, host.Registry, host.Artifacts, TimeProvider.System)
                .RegisterAsync(result.Run, model, Environment.UserName, $"registered by run {result.Run.Id} ({trigger.Describe()})", CancellationToken.None);
            observer.Note($"{trigger.Describe()}: registered {version.Reference}");
        }

        observer.Note($"{trigger.Describe()}: run {run.Id} {result.Run.Status.ToString().ToLowerInvariant()}"
            + (result.FailedStep is { } step ? $" (step '{step}' failed: {result.Run.Error})" : string.Empty));
    }
}
