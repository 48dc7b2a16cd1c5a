using System.Diagnostics;
using System.Text;

namespace Mlmax.Serving.Tests;

/// <summary>Runs the real mlmax CLI (the built mlmax.dll beside the tests) as a child process.</summary>
internal static class CliProcess
{
    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mlmax.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment.Remove("MLMAX_SERVE_TOKEN");
        return psi;
    }

    public static async Task<CliResult> RunAsync(string workingDirectory, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string All => Stdout + Stderr;

    public override string ToString() => new StringBuilder().Append("exit ").Append(ExitCode).AppendLine()
        .AppendLine("--- stdout").AppendLine(Stdout).AppendLine("--- stderr").AppendLine(Stderr).ToString();
}
