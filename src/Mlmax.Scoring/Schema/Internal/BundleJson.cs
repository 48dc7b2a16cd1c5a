using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mlmax.Scoring.Schema.Internal;

/// <summary>Reads the bundle's JSON files with errors that name the file, line, column, key and value.</summary>
internal static class BundleJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        Converters = { new ColumnTypeConverter() },
    };

    /// <summary>Deserializes <paramref name="json"/>, or throws naming <paramref name="source"/> and where it failed.</summary>
    public static T Parse<T>(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"{source}: expected a JSON object, found null");
        }
        catch (JsonException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            message = cut > 0 ? message[..cut] : message;
            var where = e.LineNumber is { } line ? $"{source}:{line + 1}:{(e.BytePositionInLine ?? 0) + 1}" : source;
            throw new InvalidDataException($"{where}: {e.Path ?? "$"}: {message}", e);
        }
    }

    /// <summary>Reads and deserializes a file.</summary>
    public static T Read<T>(string path) => Parse<T>(File.ReadAllText(path), path);

    /// <summary>Refuses a format version this reader does not know.</summary>
    public static void CheckVersion(int version, string source)
    {
        if (version != 1)
        {
            throw new InvalidDataException($"{source}: format_version: {version} is not a version this mlmax reads (1)");
        }
    }

    private sealed class ColumnTypeConverter : JsonConverter<ColumnType>
    {
        public override ColumnType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            return text switch
            {
                "number" => ColumnType.Number,
                "category" => ColumnType.Category,
                "text" => ColumnType.Text,
                _ => throw new JsonException($"'{text ?? reader.TokenType.ToString()}' is not a column type (number, category, text)"),
            };
        }

        public override void Write(Utf8JsonWriter writer, ColumnType value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Name(value));
    }

    /// <summary>The name of a column type in <c>schema.json</c>.</summary>
    public static string Name(ColumnType type) => type switch
    {
        ColumnType.Number => "number",
        ColumnType.Category => "category",
        _ => "text",
    };
}
