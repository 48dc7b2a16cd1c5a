using System.Collections.Concurrent;
using System.Diagnostics;
using Mlmax.Execution;
using Mlmax.Metadata;
using Spectre.Console;

namespace Mlmax.Cli.Internal;

/// <summary>Shows a run live: each step's start, its log lines prefixed with the step, and how it ended and why.</summary>
internal sealed class ConsoleRunObserver : IRunObserver
{
    private readonly IAnsiConsole _console;
    private readonly bool _explain;
    private readonly bool _quietLogs;
    private readonly ConcurrentDictionary<string, Stopwatch> _clocks = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public ConsoleRunObserver(IAnsiConsole console, bool explain, bool quietLogs)
    {
        _console = console;
        _explain = explain;
        _quietLogs = quietLogs;
    }

    public ConcurrentDictionary<string, string> Explanations { get; } = new(StringComparer.Ordinal);

    public void StepStarted(string step, int attempt)
    {
        _clocks[step] = Stopwatch.StartNew();
        Write($"[blue]>[/] [bold]{Markup.Escape(step)}[/] started{(attempt > 1 ? $" (attempt {attempt})" : "")}");
    }

    public void StepLog(string step, string line)
    {
        if (!_quietLogs)
        {
            Write($"  [grey]{Markup.Escape(step)} |[/] {Markup.Escape(line)}");
        }
    }

    public void StepFinished(StepRunRecord record, string explanation)
    {
        Explanations[record.Step] = explanation;
        var took = _clocks.TryGetValue(record.Step, out var clock) ? $" {clock.Elapsed.TotalSeconds:0.0}s" : "";
        var (mark, word) = record.Status switch
        {
            RunStatus.Succeeded => ("[green]✔[/]", "ran"),
            RunStatus.Cached => ("[green]↺[/]", "reused"),
            RunStatus.Failed => ("[red]✘[/]", "failed"),
            _ => ("[yellow]■[/]", record.Status.ToString().ToLowerInvariant()),
        };
        var why = _explain || record.Status is RunStatus.Failed ? $" [grey]({Markup.Escape(explanation)})[/]" : "";
        Write($"{mark} [bold]{Markup.Escape(record.Step)}[/] {word}{took}{why}");
    }

    private void Write(string markup)
    {
        lock (_gate)
        {
            _console.MarkupLine(markup);
        }
    }
}
