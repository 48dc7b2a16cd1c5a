namespace Mlmax.Cli.Internal.Doctor;

/// <summary>Whether this process may write where a store keeps its files, found by writing (and deleting) a probe file.</summary>
internal static class Writable
{
    /// <summary>Why <paramref name="directory"/> (created if missing) or the existing <paramref name="file"/> is not writable; <see langword="null"/> when both are.</summary>
    public static string? Problem(string directory, string? file)
    {
        var probe = Path.Combine(directory, $".doctor-{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(probe, "");
            File.Delete(probe);
            if (file is not null && File.Exists(file))
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"not writable: {e.Message}";
        }
    }
}
