using System.Text.RegularExpressions;

namespace Mlmax.Artifacts;

/// <summary>Artifact ids: <c>sha256:</c> and 64 lowercase hex digits, the hash of the artifact's tree manifest.</summary>
public static partial class ArtifactId
{
    /// <summary>The id prefix.</summary>
    public const string Prefix = "sha256:";

    /// <summary>Whether <paramref name="text"/> is a full artifact id.</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> when well-formed.</returns>
    public static bool IsValid(string text) => IdPattern().IsMatch(text);

    /// <summary>The hex digest of an id.</summary>
    /// <param name="id">The id.</param>
    /// <returns>64 hex digits.</returns>
    /// <exception cref="ArgumentException">Not an artifact id.</exception>
    public static string Hex(string id) =>
        IsValid(id) ? id[Prefix.Length..] : throw new ArgumentException($"'{id}' is not an artifact id (sha256:<64 hex digits>)", nameof(id));

    /// <summary>A short form for tables: the first 12 hex digits.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The short form.</returns>
    public static string Short(string id) => id.StartsWith(Prefix, StringComparison.Ordinal) && id.Length > Prefix.Length + 12 ? id[Prefix.Length..(Prefix.Length + 12)] : id;

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex IdPattern();
}
