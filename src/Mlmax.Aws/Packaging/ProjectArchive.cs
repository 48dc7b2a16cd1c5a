using System.Security.Cryptography;

namespace Mlmax.Aws.Packaging;

/// <summary>
/// The project package: exactly the files the compile manifest lists, each checked against its SHA-256 as it is
/// packed, so a job runs the very files the state machine was compiled from.
/// </summary>
internal static class ProjectArchive
{
    /// <summary>Reads and checks the listed files.</summary>
    /// <param name="projectRoot">The project's root.</param>
    /// <param name="files">Relative path (with <c>/</c>) to SHA-256, from the manifest.</param>
    /// <returns>The archive's entries, their bytes read once and checked.</returns>
    /// <exception cref="CodePackagingException">A file is missing or changed since compile.</exception>
    public static IReadOnlyList<ArchiveFile> Read(string projectRoot, IReadOnlyDictionary<string, string> files)
    {
        var entries = new List<ArchiveFile>(files.Count);
        var changed = new List<string>();
        foreach (var (relative, expected) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var path = Path.Combine(projectRoot, relative.Replace('/', Path.DirectorySeparatorChar));
            if (!File.Exists(path))
            {
                changed.Add($"{relative} (deleted)");
                continue;
            }

            var bytes = File.ReadAllBytes(path);
            if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), expected, StringComparison.OrdinalIgnoreCase))
            {
                changed.Add(relative);
                continue;
            }

            entries.Add(new ArchiveFile(relative, () => new MemoryStream(bytes, writable: false)));
        }

        return changed.Count == 0
            ? entries
            : throw new CodePackagingException(
                $"the project changed since mlmax aws compile: {string.Join(", ", changed)}; re-run mlmax aws compile so the state machine and its code version match the files");
    }
}
