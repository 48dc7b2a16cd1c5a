using System.Text.Json.Serialization;

namespace Mlmax.Artifacts;

/// <summary>One file of an artifact.</summary>
/// <param name="Path">Relative path inside the artifact, with <c>/</c> separators.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the content.</param>
/// <param name="Size">Size in bytes.</param>
public sealed record ArtifactFile(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("size")] long Size);

/// <summary>The manifest of an artifact: its files, sorted by path. Its canonical JSON hashes to the artifact's id.</summary>
/// <param name="Files">The files.</param>
public sealed record ArtifactTree([property: JsonPropertyName("files")] IReadOnlyList<ArtifactFile> Files)
{
    /// <summary>Total size in bytes.</summary>
    [JsonIgnore]
    public long Size => Files.Sum(f => f.Size);
}
