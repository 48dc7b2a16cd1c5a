using Mlmax.Execution;

namespace Mlmax.Stores.S3.Internal;

/// <summary>How the objects under a prefix land in a directory input's folder: by their keys relative to the prefix.</summary>
internal static class InputLayout
{
    /// <summary>Refuses keys that would not land as plain files under the input's folder: an artifact's files never leave it.</summary>
    public static void Check(string where, IEnumerable<string> relatives)
    {
        var all = relatives.ToHashSet(StringComparer.Ordinal);
        var escaping = all.Where(r => r.StartsWith('/') || r.Contains('\\', StringComparison.Ordinal) || r.Split('/').Any(s => s is "" or "." or "..")).ToList();
        if (escaping.Count > 0)
        {
            throw new RemoteInputException(
                $"{where}: object keys {Examples(escaping.Select(r => where + r))} would land outside the input's folder "
                + "(no '..', '.' or empty segments, no leading '/', no '\\' after the prefix): rename these objects or bind a prefix without them");
        }

        var clashing = all.Where(r => Ancestors(r).Any(all.Contains)).ToList();
        if (clashing.Count > 0)
        {
            throw new RemoteInputException(
                $"{where}: object keys {Examples(clashing.Select(r => where + r))} need a folder where another object is a file: rename one of them");
        }
    }

    private static IEnumerable<string> Ancestors(string relative)
    {
        for (var slash = relative.LastIndexOf('/'); slash > 0; slash = relative.LastIndexOf('/', slash - 1))
        {
            yield return relative[..slash];
        }
    }

    /// <summary>Up to three keys, quoted, for a message.</summary>
    public static string Examples(IEnumerable<string> keys)
    {
        var list = keys.Take(4).ToList();
        return string.Join(", ", list.Take(3).Select(k => $"'{k}'")) + (list.Count > 3 ? ", …" : string.Empty);
    }
}
