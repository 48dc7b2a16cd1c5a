using System.ComponentModel;
using System.Diagnostics;
using Mlmax.Execution;

namespace Mlmax.Cli.Internal.Doctor;

/// <summary>The output of a program a check ran: its exit code and lines (standard output and error), or why it did not run to the end.</summary>
/// <param name="ExitCode">The exit code; meaningless when <paramref name="Error"/> is set.</param>
/// <param name="Lines">The lines it wrote.</param>
/// <param name="Error">Why it could not start or did not finish in time; <see langword="null"/> when it ran.</param>
internal sealed record ToolResult(int ExitCode, IReadOnlyList<string> Lines, string? Error)
{
    /// <summary>The last non-empty line, for messages.</summary>
    public string LastLine => Lines.LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
}

/// <summary>Runs the programs checks ask about (<c>dotnet</c>, the Python interpreter) with a time limit.</summary>
internal static class ToolProcess
{
    public static async Task<ToolResult> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        var lines = new List<string>();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            var code = await ProcessRunner.RunAsync(psi, Add, limit.Token);
            lock (lines)
            {
                return new ToolResult(code, [.. lines], null);
            }
        }
        catch (Win32Exception e)
        {
            return new ToolResult(-1, [], $"cannot start '{program}': {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ToolResult(-1, [], $"'{program}' did not finish within {timeout.TotalSeconds:0} s");
        }

        void Add(string line)
        {
            lock (lines)
            {
                lines.Add(line);
            }
        }
    }
}
