using Mlmax.Execution;
using Mlmax.Metadata;

namespace Mlmax.Cli.Internal;

/// <summary>A worker's log: one timestamped line per step start and end (and per step log line unless quiet), named RUN/STEP.</summary>
internal sealed class WorkerObserver(TextWriter output, bool quiet) : IRunObserver
{
    private readonly object _gate = new();

    public void StepStarted(string step, int attempt) =>
        Write($"{step} started{(attempt > 1 ? $" (attempt {attempt})" : "")}");

    public void StepLog(string step, string line)
    {
        if (step.Length == 0)
        {
            Write(line);
        }
        else if (!quiet)
        {
            Write($"{step} | {line}");
        }
    }

    public void StepFinished(StepRunRecord record, string explanation) =>
        Write($"{record.RunId}/{record.Step} {record.Status.ToString().ToLowerInvariant()}"
              + (record.StartedAt is { } s && record.EndedAt is { } e ? $" in {(e - s).TotalSeconds:0.0}s" : "")
              + (record.Status is RunStatus.Succeeded ? "" : $" ({explanation})"));

    public void Note(string line) => Write(line);

    private void Write(string line)
    {
        lock (_gate)
        {
            output.WriteLine($"{DateTime.Now:HH:mm:ss} {line}");
            output.Flush();
        }
    }
}
