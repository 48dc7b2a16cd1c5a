using System.Security.Cryptography;
using System.Text;

namespace Mlmax.Serving;

/// <summary>
/// The secret a client must present as <c>Authorization: Bearer &lt;token&gt;</c>. It never prints: <see cref="ToString"/>
/// is redacted, so logging an options object cannot leak it; presented tokens are compared in constant time.
/// </summary>
public sealed class BearerToken
{
    private readonly byte[] _hash;

    /// <summary>Creates a token.</summary>
    /// <param name="secret">The secret; not empty, no surrounding white space.</param>
    /// <exception cref="ArgumentException">The secret is empty or padded with white space.</exception>
    public BearerToken(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length == 0 || secret.Trim().Length != secret.Length)
        {
            throw new ArgumentException("a bearer token must not be empty or start or end with white space", nameof(secret));
        }

        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>Whether a presented token is this one. Constant time: both sides are hashed to the same length first.</summary>
    /// <param name="presented">What the client sent after <c>Bearer </c>.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public bool Matches(ReadOnlySpan<char> presented)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(presented.ToArray());
        SHA256.HashData(bytes, hash);
        return CryptographicOperations.FixedTimeEquals(hash, _hash);
    }

    /// <summary>Never the secret.</summary>
    /// <returns><c>[redacted]</c>.</returns>
    public override string ToString() => "[redacted]";
}
