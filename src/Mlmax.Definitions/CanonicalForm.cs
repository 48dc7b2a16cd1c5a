using System.Security.Cryptography;
using System.Text;
using Mlmax.Definitions.Internal;
using Mlmax.Specs;

namespace Mlmax.Definitions;

/// <summary>The canonical JSON of a pipeline and the version derived from it. Runs record both; <c>resume</c>
/// reloads the definition from the JSON.</summary>
/// <remarks>
/// The JSON is compact UTF-8 with object keys in ordinal order at every level and every optional value written
/// explicitly (<c>null</c> or its default), so formatting, key order and omitted defaults in the YAML do not change it.
/// Named collections (parameters, inputs, steps, a step's inputs, outputs and parameters) are objects keyed by name, so
/// they are sorted by name; lists whose order matters (command, args, code) keep their order. Integers are written
/// as JSON integers and floating-point numbers always with a fraction or exponent (<c>1.0</c>, <c>1E-05</c>), in the
/// invariant culture, so the two stay distinct. Durations are whole milliseconds (<c>timeout_ms</c>, <c>backoff_ms</c>).
/// The <c>model</c> section is left out when the pipeline has none, so adding it to the format did not change the
/// versions of pipelines without one; when present, its bundle is an object keyed by role and its gates (all of which
/// must hold) are sorted by their canonical text. Likewise a step's <c>pool</c> and <c>partitions</c> keys are left
/// out when it has none (<c>pool: default</c> counts as none), so steps without them keep their versions. A
/// <c>format</c> key (currently 1) versions the layout itself.
/// </remarks>
public static class CanonicalForm
{
    /// <summary>The prefix of every version string.</summary>
    public const string VersionPrefix = "sha256:";

    /// <summary>Writes the canonical JSON of a valid pipeline.</summary>
    /// <param name="spec">The pipeline.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="DefinitionException">The pipeline is invalid.</exception>
    public static string ToJson(PipelineSpec spec)
    {
        var errors = new PipelineValidator().Validate(spec);
        return errors.Count == 0 ? CanonicalWriter.Write(spec) : throw new DefinitionException(errors);
    }

    /// <summary>The pipeline's version: <c>sha256:</c> followed by the lowercase hex SHA-256 of the UTF-8 bytes of
    /// <see cref="ToJson(PipelineSpec)"/>, e.g. <c>sha256:9f86d0…</c>.</summary>
    /// <param name="spec">The pipeline.</param>
    /// <returns>The version.</returns>
    /// <exception cref="DefinitionException">The pipeline is invalid.</exception>
    public static string Version(PipelineSpec spec) =>
        VersionPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson(spec))));

    /// <summary>Reads a pipeline back from its canonical JSON. Steps come back sorted by name.</summary>
    /// <param name="json">The canonical JSON.</param>
    /// <returns>The pipeline, validated.</returns>
    /// <exception cref="DefinitionException">The JSON is not a canonical pipeline, or the pipeline is invalid.</exception>
    public static PipelineSpec FromJson(string json)
    {
        var spec = CanonicalReader.Read(json);
        var errors = new PipelineValidator().Validate(spec);
        return errors.Count == 0 ? spec : throw new DefinitionException(errors);
    }
}
