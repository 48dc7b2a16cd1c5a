using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mlmax.Cli.Internal;

/// <summary>The JSON style of every <c>--json</c> output: snake_case, indented, enums as text.</summary>
internal static class Json
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static void Write(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Options));

    public static JsonElement Parse(string json) => JsonSerializer.Deserialize<JsonElement>(json);
}
