using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mlmax.Serving.Models;

namespace Mlmax.Serving.Tests;

/// <summary>The same sample rows in every body shape the server takes.</summary>
internal sealed class Payloads(CensusProject project, ServedModel model)
{
    public string CsvWithoutHeader => string.Join('\n', project.Rows.Select(r => string.Join(',', r))) + "\n";

    public string CsvWithHeader => string.Join(',', project.Header) + "\n" + CsvWithoutHeader;

    /// <summary>One JSON object per row: census names as keys, numbers as JSON numbers, "?" as null.</summary>
    public List<JsonObject> Records() => project.Rows.Select(row =>
    {
        var record = new JsonObject();
        for (var i = 0; i < row.Length; i++)
        {
            record[project.Header[i]] = Value(project.Header[i], row[i]);
        }

        return record;
    }).ToList();

    public string DataframeSplit() => new JsonObject
    {
        ["dataframe_split"] = new JsonObject
        {
            ["columns"] = new JsonArray([.. project.Header.Select(h => JsonValue.Create(h))]),
            ["data"] = new JsonArray([.. project.Rows.Select(r => new JsonArray([.. r.Select((v, i) => Value(project.Header[i], v))]))]),
        },
    }.ToJsonString();

    public string Wrapped(string key) => new JsonObject { [key] = new JsonArray([.. Records()]) }.ToJsonString();

    public string BareArray() => new JsonArray([.. Records()]).ToJsonString();

    public string InputsColumnar() => new JsonObject
    {
        ["inputs"] = new JsonObject(project.Header.Select((h, i) =>
            KeyValuePair.Create(h, (JsonNode?)new JsonArray([.. project.Rows.Select(r => Value(h, r[i]))])))),
    }.ToJsonString();

    /// <summary>One record with a column set to a value.</summary>
    public string OneRecordWith(string column, JsonNode? value)
    {
        var record = Records()[0];
        record[column] = value;
        return new JsonObject { ["instances"] = new JsonArray(record) }.ToJsonString();
    }

    /// <summary>One record without a column.</summary>
    public string OneRecordWithout(string column)
    {
        var record = Records()[0];
        Assert.True(record.Remove(column), column);
        return new JsonObject { ["instances"] = new JsonArray(record) }.ToJsonString();
    }

    private JsonNode? Value(string column, string raw)
    {
        var kind = model.Inputs.First(c => Normalize(c.Name) == Normalize(column)).Kind;
        if (kind != ValueKind.Number)
        {
            return JsonValue.Create(raw);
        }

        return raw.Trim() is "" or "?" ? null : JsonNode.Parse(double.Parse(raw, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture));
    }

    private static string Normalize(string name) => string.Concat(name.Where(char.IsLetterOrDigit)).ToLowerInvariant();

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
