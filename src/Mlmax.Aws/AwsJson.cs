using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mlmax.Aws;

/// <summary>
/// The one serializer of every AWS document mlmax writes (templates, state machines, requests): typed objects in,
/// indented JSON with <c>\n</c> line endings out, members in declaration order, absent members left out. The same
/// objects always give the same bytes, so compiled files can be reviewed and diffed.
/// </summary>
public static class AwsJson
{
    /// <summary>The serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The same options on one line: for JSON sent in a request or held in a string property.</summary>
    public static JsonSerializerOptions CompactOptions { get; } = new(Options) { WriteIndented = false };

    /// <summary>Serializes a document.</summary>
    /// <param name="value">The document.</param>
    /// <returns>Its JSON text, ending in a newline.</returns>
    public static string Serialize(object value) => JsonSerializer.Serialize(value, value.GetType(), Options) + "\n";

    /// <summary>Writes a document to a file as UTF-8 without a byte-order mark.</summary>
    /// <param name="path">The file.</param>
    /// <param name="value">The document.</param>
    public static void Write(string path, object value) => File.WriteAllText(path, Serialize(value), new UTF8Encoding(false));
}
