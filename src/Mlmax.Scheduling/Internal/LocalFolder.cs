using System.Globalization;
using System.IO.Enumeration;

namespace Mlmax.Scheduling.Internal;

/// <summary>A watched local directory. Names starting with '.' are left out (the usual way to write a file and rename it into place).</summary>
internal sealed class LocalFolder(string path) : IWatchedFolder
{
    public bool NeedsSettling => true;

    public Task<IReadOnlyList<WatchedFile>> ListAsync(string pattern, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(path))
        {
            return Task.FromResult<IReadOnlyList<WatchedFile>>([]);
        }

        var files = new DirectoryInfo(path).EnumerateFiles()
            .Where(f => !f.Name.StartsWith('.') && FileSystemName.MatchesSimpleExpression(pattern, f.Name, ignoreCase: false))
            .Select(f => new WatchedFile(f.Name, string.Create(CultureInfo.InvariantCulture, $"{f.Length} B, modified {f.LastWriteTimeUtc:O}")))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult<IReadOnlyList<WatchedFile>>(files);
    }

    public Task<string> LocalPathAsync(WatchedFile file, string directory, CancellationToken cancellationToken) =>
        Task.FromResult(Path.Combine(path, file.Name));
}
