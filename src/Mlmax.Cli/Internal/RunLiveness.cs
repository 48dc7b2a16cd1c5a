using System.Diagnostics;
using Mlmax.Metadata;

namespace Mlmax.Cli.Internal;

/// <summary>Tells a live run from one whose process died without recording its end.</summary>
internal static class RunLiveness
{
    public static RunStatus Effective(RunRecord run) =>
        run.Status == RunStatus.Running && !IsOwnerAlive(run.Owner) ? RunStatus.Interrupted : run.Status;

    public static bool IsOwnerAlive(string owner)
    {
        if (owner.StartsWith("fleet@", StringComparison.Ordinal) || owner.StartsWith(AwsOwner.Prefix, StringComparison.Ordinal))
        {
            // The fleet's queue (or the AWS execution) keeps the run alive whatever happens to the process that submitted it.
            return true;
        }

        var parts = owner.Split(':');
        if (parts.Length != 2 || parts[0] != Environment.MachineName || !int.TryParse(parts[1], out var pid))
        {
            return parts.Length == 2 && parts[0] != Environment.MachineName;
        }

        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
