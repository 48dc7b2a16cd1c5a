using System.Diagnostics;

namespace Mlmax.Execution;

/// <summary>Starts a process, streams its output lines, and kills its whole tree when cancelled.</summary>
public static class ProcessRunner
{
    /// <summary>How long to keep reading output after the process exited, in case a leftover child holds the pipe open.</summary>
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(2);

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
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stdoutDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderrDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => exited.TrySetResult();
        process.OutputDataReceived += (_, e) => Emit(e.Data, stdoutDone);
        process.ErrorDataReceived += (_, e) => Emit(e.Data, stderrDone);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await exited.Task.WaitAsync(cancellationToken);
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

            await exited.Task.WaitAsync(DrainGrace * 5, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        // Output may still be in flight; a background child that inherited the pipes must not hold the step hostage.
        await Task.WhenAll(stdoutDone.Task, stderrDone.Task).WaitAsync(DrainGrace, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return process.ExitCode;

        void Emit(string? line, TaskCompletionSource done)
        {
            if (line is null)
            {
                done.TrySetResult();
                return;
            }

            lock (gate)
            {
                onLine(line);
            }
        }
    }
}
