using System.Security.Cryptography;
using System.Text;

namespace Mlmax.Identity;

/// <summary>SHA-256 helpers. All hashes are lowercase hex.</summary>
public static class Hashing
{
    /// <summary>The hash of a string's UTF-8 bytes.</summary>
    /// <param name="text">The text.</param>
    /// <returns>64 hex digits.</returns>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The hash of a file's content.</summary>
    /// <param name="path">The file.</param>
    /// <returns>64 hex digits.</returns>
    public static string Sha256File(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
