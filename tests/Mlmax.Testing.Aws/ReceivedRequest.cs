using System.Text;
using System.Text.Json;

namespace Mlmax.Testing.Aws;

/// <summary>A request as the replay server received it.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The raw path.</param>
/// <param name="Query">The raw query string (with <c>?</c>).</param>
/// <param name="Headers">Header name (lower case) to value.</param>
/// <param name="Body">The body's bytes.</param>
public sealed record ReceivedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>The service: <c>cloudformation</c> (a form with <c>Action</c>) or <c>states</c> (<c>X-Amz-Target: AWSStepFunctions.*</c>).</summary>
    public string Service => Header("x-amz-target")?.StartsWith("AWSStepFunctions.", StringComparison.Ordinal) == true ? "states" : "cloudformation";

    /// <summary>The API action.</summary>
    public string Action => Service == "states" ? Header("x-amz-target")!["AWSStepFunctions.".Length..] : Form.GetValueOrDefault("Action", "");

    /// <summary>The body as text.</summary>
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>The fields of a form body (query protocol).</summary>
    public IReadOnlyDictionary<string, string> Form => Text.Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Split('=', 2))
        .GroupBy(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => Uri.UnescapeDataString((g.First().ElementAtOrDefault(1) ?? "").Replace('+', ' ')), StringComparer.Ordinal);

    /// <summary>The body as JSON (JSON protocol).</summary>
    public JsonElement Json => JsonSerializer.Deserialize<JsonElement>(Body.Length == 0 ? "{}"u8 : Body);

    /// <summary>A field of the request: a form field, or a top-level string member of a JSON body.</summary>
    /// <param name="name">The field.</param>
    /// <returns>Its value, or <see langword="null"/>.</returns>
    public string? Field(string name) => Service == "states"
        ? Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var v) ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null
        : Form.GetValueOrDefault(name);

    /// <summary>A header's value.</summary>
    /// <param name="name">Its name (any case).</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());
}
