using Mlmax.Scoring.Schema.Internal;

namespace Mlmax.Scoring.Schema;

/// <summary>
/// <c>schema.json</c>, a bundle's <c>schema</c> role: the columns a model takes, as seen in its training split
/// (docs/bundle-format.md).
/// </summary>
/// <param name="FormatVersion">The format version: 1.</param>
/// <param name="Columns">The scoring input columns in the training file's order; the label is not one of them.</param>
/// <param name="Label">The label column, excluded from scoring input; <see langword="null"/> when there is none.</param>
/// <param name="MissingTokens">Values that, trimmed, mean missing (e.g. empty and <c>?</c>).</param>
public sealed record InputSchema(int FormatVersion, IReadOnlyList<SchemaColumn> Columns, string? Label, IReadOnlyList<string> MissingTokens)
{
    /// <summary>The bundle role holding <c>schema.json</c>.</summary>
    public const string Role = "schema";

    /// <summary>Reads and checks a <c>schema.json</c> file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The schema.</returns>
    /// <exception cref="InvalidDataException">The file is not valid JSON or not a valid schema; the message names the file, line, key and value.</exception>
    public static InputSchema Read(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses and checks <c>schema.json</c> text.</summary>
    /// <param name="json">The text.</param>
    /// <param name="source">What to name in errors (a path).</param>
    /// <returns>The schema.</returns>
    /// <exception cref="InvalidDataException">The text is not valid JSON or not a valid schema.</exception>
    public static InputSchema Parse(string json, string source)
    {
        var schema = BundleJson.Parse<InputSchema>(json, source);
        BundleJson.CheckVersion(schema.FormatVersion, source);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < schema.Columns.Count; i++)
        {
            var column = schema.Columns[i];
            var key = ColumnNames.Normalize(column.Name);
            if (key.Length == 0)
            {
                throw new InvalidDataException($"{source}: columns[{i}].name: '{column.Name}' has no letter or digit");
            }

            if (!names.TryAdd(key, column.Name))
            {
                throw new InvalidDataException($"{source}: columns[{i}].name: '{column.Name}' is the same column as '{names[key]}' (names match ignoring case, spaces and punctuation)");
            }

            if (column.Type == ColumnType.Category && column.Values is null)
            {
                throw new InvalidDataException($"{source}: columns[{i}] ('{column.Name}'): a category column needs its 'values'");
            }
        }

        return schema;
    }

    /// <summary>The schema in the canonical form of docs/bundle-format.md (what the templates write).</summary>
    /// <returns>The JSON text, ending in a line break.</returns>
    public string ToJson() => CanonicalJson.Write(this);
}
