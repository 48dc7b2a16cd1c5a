using System.Diagnostics;

namespace Mlmax.Testing.Aws.Local;

/// <summary>
/// A job's container, played by a local process: its entry point and arguments with <c>/opt/ml</c> mapped to the
/// job's folder, a bare environment (no host variables, no AWS credentials: jobs run with network isolation), and
/// <c>/tmp</c> mapped to a private folder, as each container has its own.
/// </summary>
internal static class ContainerProcess
{
    /// <summary>The root of SageMaker's folders inside a container.</summary>
    public const string ContainerRoot = "/opt/ml";

    private const string Path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>Runs the container to its end.</summary>
    /// <param name="job">The job's folders.</param>
    /// <param name="command">Entry point and arguments, as the request gives them.</param>
    /// <param name="environment">The request's environment variables.</param>
    /// <param name="maxRuntime">The stopping condition.</param>
    /// <param name="log">Receives each output line (SageMaker sends them to the job's log stream).</param>
    /// <returns>The exit code, or <see langword="null"/> when the container ran out of time and was stopped.</returns>
    public static async Task<int?> RunAsync(JobFolders job, IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, TimeSpan maxRuntime, Action<string> log)
    {
        var psi = new ProcessStartInfo(job.Map(command[0]))
        {
            WorkingDirectory = job.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            psi.ArgumentList.Add(job.Map(argument));
        }

        psi.Environment.Clear();
        psi.Environment["PATH"] = Path;
        psi.Environment["HOME"] = job.Home;
        psi.Environment["TMPDIR"] = job.Tmp;
        psi.Environment["MLMAX_CONTAINER_ROOT"] = System.IO.Path.Combine(job.Tmp, "mlmax");
        psi.Environment["MLMAX_SAGEMAKER_ROOT"] = job.SageMaker;
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }

        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(maxRuntime);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return null;
        }

        process.WaitForExit();
        return process.ExitCode;

        void Line(string? line)
        {
            if (line is not null)
            {
                lock (psi)
                {
                    log(line);
                }
            }
        }
    }
}
