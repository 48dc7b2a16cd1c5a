using System.Diagnostics;
using Mlmax.Aws.Api;
using Spectre.Console;

namespace Mlmax.Cli.Internal;

/// <summary>
/// Shows an execution as it goes: each step's state entered and left, its job's retries and failures, the end of the
/// execution, and every few minutes of silence which steps are still running.
/// </summary>
internal sealed class ExecutionFollower
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(2);
    private readonly IAnsiConsole _console;
    private readonly IReadOnlySet<string> _steps;
    private readonly Dictionary<long, string> _stateOf = [];
    private readonly Dictionary<string, DateTimeOffset> _entered = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();

    public ExecutionFollower(IAnsiConsole console, IReadOnlySet<string> steps)
    {
        _console = console;
        _steps = steps;
    }

    public void OnEvent(HistoryEvent e)
    {
        var state = e.Type.EndsWith("StateEntered", StringComparison.Ordinal) ? e.StateName : _stateOf.GetValueOrDefault(e.PreviousEventId);
        if (state is not null)
        {
            _stateOf[e.Id] = state;
        }

        var line = e.Type switch
        {
            "ExecutionStarted" => "execution started",
            "ExecutionSucceeded" => "[green]execution succeeded[/]",
            "ExecutionFailed" => $"[red]execution failed[/]: {Markup.Escape(Short(Mlmax.Aws.Runs.FailureCause.Describe(e.Error, e.Cause) ?? ""))}",
            "ExecutionAborted" => "[yellow]execution stopped[/]",
            "ExecutionTimedOut" => "[red]execution timed out[/]",
            _ when state is null || !_steps.Contains(state) => null,
            "TaskStateEntered" => Entered(state, e.Timestamp),
            "TaskScheduled" => Scheduled(state),
            "TaskSucceeded" => $"{Markup.Escape(state)} [green]job succeeded[/]",
            "TaskFailed" or "TaskTimedOut" or "TaskStartFailed" or "TaskSubmitFailed" =>
                $"{Markup.Escape(state)} [red]{(e.Type == "TaskTimedOut" ? "timed out" : "failed")}[/]: {Markup.Escape(Short(Mlmax.Aws.Runs.FailureCause.Describe(e.Error, e.Cause) ?? ""))}",
            "TaskStateExited" => $"{Markup.Escape(state)} done ({Format.Duration(_entered.GetValueOrDefault(state, e.Timestamp), e.Timestamp)})",
            _ => null,
        };
        if (line is not null)
        {
            _console.MarkupLine($"  [grey]{e.Timestamp.ToLocalTime():HH:mm:ss}[/] {line}");
            _sinceLast.Restart();
        }
    }

    public void OnPoll(ExecutionDescription execution)
    {
        if (_sinceLast.Elapsed < Quiet)
        {
            return;
        }

        _console.MarkupLine($"  [grey]{DateTimeOffset.Now:HH:mm:ss} still {execution.Status.ToLowerInvariant()} ({Format.Duration(execution.StartDate, DateTimeOffset.UtcNow)} so far)[/]");
        _sinceLast.Restart();
    }

    private string Entered(string state, DateTimeOffset at)
    {
        _entered[state] = at;
        return $"{Markup.Escape(state)} started";
    }

    private string? Scheduled(string state)
    {
        var attempt = _attempts[state] = _attempts.GetValueOrDefault(state) + 1;
        return attempt > 1 ? $"{Markup.Escape(state)} [yellow]retrying[/] (attempt {attempt})" : null;
    }

    private static string Short(string text) => text.Length <= 500 ? text : text[..500] + "...";
}
