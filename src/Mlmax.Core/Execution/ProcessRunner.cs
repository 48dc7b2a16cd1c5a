using System.Diagnostics;

namespace Mlmax.Execution;

/// <summary>Starts a process, streams its output lines, and kills its whole tree when cancelled.</summary>
public static class ProcessRunner
{
    /// <summary>Runs a process to completion.</summary>
    /// <param name="startInfo">What to start; output redirection is set here.</param>
    /// <param name="onLine">Receives each line of standard output and standard error.</param>
    /// <param name="cancellationToken">Kills the process tree when signalled.</param>
    /// <returns>The exit code.</returns>
    /// <exception cref="OperationCanceledException">Cancelled; the process tree was killed.</exception>
    /// <exception cref="System.ComponentModel.Win32Exception">The program could not be started.</exception>
    public static async Task<int> RunAsync(ProcessStartInfo startInfo, Action<string> onLine, CancellationToken cancellationToken)
    {
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = true;
        startInfo.UseShellExecute = false;
        using var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var gate = new object();
        process.OutputDataReceived += (_, e) => Emit(e.Data);
        process.ErrorDataReceived += (_, e) => Emit(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }

            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }

        process.WaitForExit();
        return process.ExitCode;

        void Emit(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                onLine(line);
            }
        }
    }
}
