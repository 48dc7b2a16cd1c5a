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

    public bool QuietLogs => _quietLogs;
    private readonly ConcurrentDictionary<string, Stopwatch> _clocks = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public ConsoleRunObserver(IAnsiConsole console, bool explain, bool quietLogs)
    {
        _console = console;
        _explain = explain;
        _quietLogs = quietLogs;
    }

    public ConcurrentDictionary<string, string> Explanations { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, nothing is printed: a live table (<see cref="LiveTable"/>) shows the run instead.</summary>
    public bool Live { get; set; }

    private readonly ConcurrentDictionary<string, (string State, TimeSpan? Took)> _states = new(StringComparer.Ordinal);

    /// <summary>The run's steps as a table: status, elapsed time, why.</summary>
    public Table LiveTable(IEnumerable<string> steps)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("step", "status", "time", "why");
        foreach (var step in steps)
        {
            var (state, took) = _states.GetValueOrDefault(step, ("[grey]waiting[/]", null));
            var elapsed = took ?? (_clocks.TryGetValue(step, out var c) ? c.Elapsed : null);
            table.AddRow(Markup.Escape(step), state, elapsed is { } e ? $"{e.TotalSeconds:0.0}s" : "",
                Markup.Escape(Explanations.GetValueOrDefault(step, "")));
        }

        return table;
    }

    /// <summary>A line about the run itself (e.g. building the step project).</summary>
    public void Note(string line) => Write($"  [grey]build |[/] {Markup.Escape(line)}");

    public void StepStarted(string step, int attempt)
    {
        _clocks[step] = Stopwatch.StartNew();
        _states[step] = (attempt > 1 ? $"[blue]running (attempt {attempt})[/]" : "[blue]running[/]", null);
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
        _states[record.Step] = (Format.Status(record.Status), clock?.Elapsed ?? TimeSpan.Zero);
        var why = _explain || record.Status is RunStatus.Failed ? $" [grey]({Markup.Escape(explanation)})[/]" : "";
        Write($"{mark} [bold]{Markup.Escape(record.Step)}[/] {word}{took}{why}");
    }

    private void Write(string markup)
    {
        if (Live)
        {
            return;
        }

        lock (_gate)
        {
            _console.MarkupLine(markup);
        }
    }
}
