using System.Text.RegularExpressions;

namespace Mlmax.Artifacts;

/// <summary>Blob keys: lowercase relative paths of <c>[a-z0-9._-]</c> segments, never <c>.</c> or <c>..</c>.</summary>
public static partial class BlobKey
{
    /// <summary>Throws unless <paramref name="key"/> is a valid blob key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException">The key is malformed or tries to leave the store.</exception>
    public static string Validate(string key)
    {
        if (!KeyPattern().IsMatch(key) || key.Split('/').Any(s => s is "." or ".."))
        {
            throw new ArgumentException($"invalid blob key '{key}': keys are relative paths of [a-z0-9._-] segments", nameof(key));
        }

        return key;
    }

    /// <summary>The key of a file blob with SHA-256 <paramref name="hex"/>.</summary>
    /// <param name="hex">Lowercase hex digest.</param>
    /// <returns>The key.</returns>
    public static string ForFile(string hex) => Validate($"blobs/sha256/{hex[..2]}/{hex}");

    /// <summary>The key of a tree manifest with SHA-256 <paramref name="hex"/>.</summary>
    /// <param name="hex">Lowercase hex digest.</param>
    /// <returns>The key.</returns>
    public static string ForTree(string hex) => Validate($"trees/sha256/{hex[..2]}/{hex}.json");

    [GeneratedRegex("^[a-z0-9._-]+(/[a-z0-9._-]+)*$")]
    private static partial Regex KeyPattern();
}
