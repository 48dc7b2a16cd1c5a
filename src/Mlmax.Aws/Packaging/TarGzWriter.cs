using System.Formats.Tar;
using System.IO.Compression;

namespace Mlmax.Aws.Packaging;

/// <summary>A file to put in an archive.</summary>
/// <param name="Name">Its path in the archive, with <c>/</c>.</param>
/// <param name="Content">Its bytes, read when the archive is written.</param>
/// <param name="Executable">Whether it gets mode 0755 (else 0644).</param>
internal sealed record ArchiveFile(string Name, Func<Stream> Content, bool Executable = false)
{
    /// <summary>A file on disk, executable when any of its execute bits is set.</summary>
    /// <param name="name">Its path in the archive.</param>
    /// <param name="path">The file.</param>
    /// <returns>The entry.</returns>
    public static ArchiveFile FromDisk(string name, string path) =>
        new(name, () => File.OpenRead(path), IsExecutable(path));

    private static bool IsExecutable(string path) =>
        !OperatingSystem.IsWindows()
        && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}

/// <summary>
/// Writes <c>.tar.gz</c> archives that depend only on the files' names and bytes: entries sorted by name, a fixed
/// modification time, owner 0:0 without names, mode 0644 or 0755. The same files always give the same bytes.
/// </summary>
internal static class TarGzWriter
{
    /// <summary>The modification time of every entry (2000-01-01; tar warns about times near 1970).</summary>
    public static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const UnixFileMode Regular = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Executable = Regular | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>Writes the archive (replacing the file atomically, so concurrent writers of the same archive do not clash).</summary>
    /// <param name="path">The archive.</param>
    /// <param name="files">Its files; names must be unique.</param>
    /// <param name="cancellationToken">Stops between files.</param>
    /// <returns>A task.</returns>
    public static async Task WriteAsync(string path, IEnumerable<ArchiveFile> files, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var partial = $"{path}.{Guid.NewGuid():N}.partial";
        await using (var file = File.Create(partial))
        {
            await using var gzip = new GZipStream(file, CompressionLevel.Optimal);
            await using var tar = new TarWriter(gzip, TarEntryFormat.Gnu, leaveOpen: false);
            string? previous = null;
            foreach (var entry in files.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (entry.Name == previous)
                {
                    throw new ArgumentException($"the archive {Path.GetFileName(path)} would hold {entry.Name} twice", nameof(files));
                }

                previous = entry.Name;
                await using var content = entry.Content();
                var tarEntry = new GnuTarEntry(TarEntryType.RegularFile, entry.Name)
                {
                    ModificationTime = FixedTime,
                    AccessTime = FixedTime,
                    ChangeTime = FixedTime,
                    Mode = entry.Executable ? Executable : Regular,
                    Uid = 0,
                    Gid = 0,
                    UserName = string.Empty,
                    GroupName = string.Empty,
                    DataStream = content,
                };
                await tar.WriteEntryAsync(tarEntry, cancellationToken);
            }
        }

        File.Move(partial, path, overwrite: true);
    }
}
