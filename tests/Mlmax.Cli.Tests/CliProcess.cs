using System.Diagnostics;
using System.Text;

namespace Mlmax.Cli.Tests;

/// <summary>Runs the real mlmax CLI (the built mlmax.dll beside the tests) as a child process.</summary>
internal static class CliProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "mlmax.dll");

    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["NO_COLOR"] = "1";
        return psi;
    }

    public static Task<CliResult> RunAsync(string workingDirectory, params string[] args) =>
        RunAsync(workingDirectory, new Dictionary<string, string>(), args);

    public static async Task<CliResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = StartInfo(workingDirectory, args);
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }

        return await RunAsync(psi);
    }

    /// <summary>Runs a start info from <see cref="StartInfo"/>, e.g. after removing inherited environment variables.</summary>
    public static async Task<CliResult> RunAsync(ProcessStartInfo psi)
    {
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string All => Stdout + Stderr;

    public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Stdout).RootElement;

    public override string ToString() => new StringBuilder().Append("exit ").Append(ExitCode).AppendLine()
        .AppendLine("--- stdout").AppendLine(Stdout).AppendLine("--- stderr").AppendLine(Stderr).ToString();
}
