using System.Diagnostics;

namespace Mlmax.Testing.Postgres;

/// <summary>Runs a command to its end, capturing its output.</summary>
internal static class Shell
{
    public static bool IsRoot => !OperatingSystem.IsWindows() && Environment.IsPrivilegedProcess;

    /// <summary>The command, run as <paramref name="user"/> through <c>runuser</c> when one is given.</summary>
    public static IReadOnlyList<string> As(string? user, string program, IReadOnlyList<string> args) =>
        user is null ? [program, .. args] : ["runuser", "-u", user, "--", program, .. args];

    public static async Task<Result> RunAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in command.Skip(1))
        {
            psi.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {command[0]}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new Result(127, $"could not start {command[0]}: {e.Message}");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return new Result(process.ExitCode, (await stdout + await stderr).Trim());
        }
    }

    public static async Task RunCheckedAsync(string program, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var result = await RunAsync([program, .. args], cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"PostgreSQL test server: {program} {string.Join(' ', args)} failed (exit {result.ExitCode}): {result.Output}");
        }
    }

    public sealed record Result(int ExitCode, string Output);
}
