using System.Collections.Concurrent;
using System.Text.Json;

namespace Mlmax.Artifacts;

/// <summary>
/// Remembers the SHA-256 of large input files by path, size and modification time, so binding an unchanged
/// multi-gigabyte input does not re-read it (the approach of git's index). A stale or lost entry only costs a
/// re-hash. Kept per machine, beside the local state, in one JSON file replaced atomically.
/// </summary>
public sealed class FileHashCache
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };
    private readonly string _path;
    private readonly ConcurrentDictionary<string, Entry> _entries;

    /// <summary>Opens (or starts) the cache file.</summary>
    /// <param name="path">The cache file.</param>
    public FileHashCache(string path)
    {
        _path = path;
        _entries = Load(path);
    }

    /// <summary>The recorded hash of <paramref name="file"/>, if its size and modification time are unchanged.</summary>
    /// <param name="file">The file.</param>
    /// <returns>Lowercase hex SHA-256, or <see langword="null"/>.</returns>
    public string? TryGet(string file)
    {
        var info = new FileInfo(file);
        return info.Exists && _entries.TryGetValue(info.FullName, out var e) && e.Size == info.Length && e.Modified == info.LastWriteTimeUtc.Ticks
            ? e.Sha256
            : null;
    }

    /// <summary>Records a file's hash as of its current size and modification time, and saves the cache.</summary>
    /// <param name="file">The file.</param>
    /// <param name="sha256">Its hash.</param>
    public void Put(string file, string sha256)
    {
        var info = new FileInfo(file);
        _entries[info.FullName] = new Entry(info.Length, info.LastWriteTimeUtc.Ticks, sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temp = $"{_path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(_entries, Options));
        File.Move(temp, _path, overwrite: true);
    }

    private static ConcurrentDictionary<string, Entry> Load(string path)
    {
        try
        {
            return File.Exists(path)
                ? new ConcurrentDictionary<string, Entry>(JsonSerializer.Deserialize<Dictionary<string, Entry>>(File.ReadAllText(path), Options) ?? [], StringComparer.Ordinal)
                : new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal);
        }
    }

    /// <summary>One remembered file.</summary>
    /// <param name="Size">Bytes.</param>
    /// <param name="Modified">Last write time, UTC ticks.</param>
    /// <param name="Sha256">The hash.</param>
    public sealed record Entry(long Size, long Modified, string Sha256);
}
