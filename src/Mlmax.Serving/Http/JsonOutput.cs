using System.Text.Encodings.Web;
using System.Text.Json;

namespace Mlmax.Serving.Http;

/// <summary>How answers are encoded: plain UTF-8 (no <c>\u0027</c>-style escaping of quotes and plus signs; answers are never HTML).</summary>
internal static class JsonOutput
{
    /// <summary>For <see cref="Utf8JsonWriter"/>.</summary>
    public static JsonWriterOptions Writer => new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>For <see cref="System.Text.Json.Nodes.JsonNode.ToJsonString(JsonSerializerOptions?)"/>.</summary>
    public static JsonSerializerOptions Serializer => new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
