using Mlmax.Aws.Api;

namespace Mlmax.Aws.Runs;

/// <summary>How an execution ended, with its whole history.</summary>
/// <param name="Execution">The execution.</param>
/// <param name="History">Its history, oldest first.</param>
public sealed record ExecutionOutcome(ExecutionDescription Execution, IReadOnlyList<HistoryEvent> History);

/// <summary>Follows an execution until it ends, handing each new history event to a callback as it arrives.</summary>
public sealed class ExecutionWatcher
{
    private readonly StepFunctionsClient _client;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;

    /// <summary>Creates the watcher.</summary>
    /// <param name="client">The Step Functions client.</param>
    /// <param name="time">The clock.</param>
    /// <param name="interval">How long to wait between two looks.</param>
    public ExecutionWatcher(StepFunctionsClient client, TimeProvider time, TimeSpan interval)
    {
        _client = client;
        _time = time;
        _interval = interval;
    }

    /// <summary>Waits for an execution to end.</summary>
    /// <param name="executionArn">The execution.</param>
    /// <param name="onEvent">Receives each event once, oldest first.</param>
    /// <param name="onPoll">Called after each look while it still runs (e.g. to say it is still running).</param>
    /// <param name="cancellationToken">Stops waiting (the execution goes on).</param>
    /// <returns>How it ended.</returns>
    public async Task<ExecutionOutcome> WaitAsync(string executionArn, Action<HistoryEvent> onEvent, Action<ExecutionDescription>? onPoll, CancellationToken cancellationToken)
    {
        long seen = 0;
        while (true)
        {
            var execution = await _client.DescribeExecutionAsync(executionArn, cancellationToken);

            // Read after the status: a history read once the execution has ended holds every event.
            var history = await _client.GetExecutionHistoryAsync(executionArn, cancellationToken);
            foreach (var e in history.Where(e => e.Id > seen).OrderBy(e => e.Id))
            {
                onEvent(e);
                seen = e.Id;
            }

            if (!execution.Running)
            {
                return new ExecutionOutcome(execution, history);
            }

            onPoll?.Invoke(execution);
            await Task.Delay(_interval, _time, cancellationToken);
        }
    }
}
