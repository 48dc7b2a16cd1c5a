using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Mlmax.Identity;

/// <summary>What the run's environment was: runtime, OS, tool versions and the project's git state.</summary>
public static class EnvironmentInfo
{
    /// <summary>The mlmax version.</summary>
    public static string MlmaxVersion { get; } =
        typeof(EnvironmentInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>The facts that affect step results, part of every cache key.</summary>
    /// <returns>Name to value.</returns>
    public static SortedDictionary<string, string> ForCache() => new(StringComparer.Ordinal)
    {
        ["mlmax"] = MlmaxVersion,
        ["dotnet"] = RuntimeInformation.FrameworkDescription,
        ["os"] = $"{RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}",
    };

    /// <summary>The full environment record of a run.</summary>
    /// <param name="projectRoot">The project's root, for its git state.</param>
    /// <returns>Name to value.</returns>
    public static SortedDictionary<string, string> Describe(string projectRoot)
    {
        var info = ForCache();
        info["host"] = Environment.MachineName;
        info["processors"] = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var commit = Git(projectRoot, "rev-parse", "HEAD");
        if (commit is not null)
        {
            info["git_commit"] = commit;
            info["git_dirty"] = string.IsNullOrWhiteSpace(Git(projectRoot, "status", "--porcelain", "--untracked-files=no")) ? "false" : "true";
        }

        return info;
    }

    private static string? Git(string directory, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args)
            {
                psi.ArgumentList.Add(a);
            }

            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return p.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
