using System.Text.Json.Nodes;
using Mlmax.Serving.Models;

namespace Mlmax.Serving.OpenApi;

/// <summary>
/// Builds the OpenAPI 3.0 document of a served version from its input schema and output columns, as a JSON object
/// tree (serialized, never assembled from strings).
/// </summary>
internal static class OpenApiDocumentBuilder
{
    private static readonly int[] ProblemStatuses = [400, 401, 406, 413, 415, 422, 500];

    /// <summary>Builds the document.</summary>
    /// <param name="model">The served version.</param>
    /// <param name="served">The reference served (e.g. <c>census@production</c>).</param>
    /// <param name="authenticated">Whether a bearer token is required beyond the health checks.</param>
    /// <returns>The document.</returns>
    public static JsonObject Build(ServedModel model, string served, bool authenticated)
    {
        var document = new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = $"mlmax {model.Version.Reference}",
                ["version"] = model.Version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["description"] = $"Model {model.Version.Reference} (bundle {model.Version.BundleArtifact}), served as {served}. " +
                    "Input column names match ignoring case, spaces and punctuation; null is a missing value. " +
                    $"A CSV body without a header has one value per column, in this order: {string.Join(", ", model.CsvColumns.Select(c => c.Name))}.",
            },
            ["paths"] = new JsonObject
            {
                ["/ping"] = Get("ping", "Liveness (the SageMaker health check).", Json(Object()), isPublic: true),
                ["/health"] = Get("health", "Whether the model is loaded, and which version.", Json(Object()), isPublic: true),
                ["/version"] = Get("version", "The version served: name, number, bundle hash, aliases, schema.", Json(Object()), isPublic: false),
                ["/metrics"] = Get("metrics", "Prometheus text exposition.", new JsonObject { ["text/plain"] = new JsonObject { ["schema"] = Type("string") } }, isPublic: false),
                ["/openapi.json"] = Get("openapi", "This document.", Json(Object()), isPublic: false),
                ["/invocations"] = new JsonObject { ["post"] = Invocations() },
            },
            ["components"] = Components(model, authenticated),
        };
        if (authenticated)
        {
            document["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() });
        }

        return document;
    }

    private static JsonObject Invocations()
    {
        var responses = new JsonObject
        {
            ["200"] = new JsonObject
            {
                ["description"] = "One prediction per input row, in order.",
                ["content"] = new JsonObject
                {
                    ["application/json"] = new JsonObject { ["schema"] = Ref("Predictions") },
                    ["text/csv"] = new JsonObject { ["schema"] = Type("string") },
                },
            },
        };
        foreach (var status in ProblemStatuses)
        {
            responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["description"] = status switch
                {
                    400 => "Malformed body.",
                    401 => "Missing or wrong bearer token.",
                    406 => "Accept names neither JSON nor CSV.",
                    413 => "Body over the size limit.",
                    415 => "Content-Type is neither application/json nor text/csv.",
                    422 => "Data does not match the model's input schema, or violates its training schema; errors name each field (and row and value).",
                    _ => "Server error (no details are given).",
                },
                ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = Ref("Problem") } },
            };
        }

        return new JsonObject
        {
            ["operationId"] = "invoke",
            ["summary"] = "Score a batch of rows (SageMaker /invocations; MLflow scoring-server JSON shapes).",
            ["parameters"] = new JsonArray(new JsonObject
            {
                ["name"] = "header",
                ["in"] = "query",
                ["required"] = false,
                ["description"] = "For text/csv: whether the first line is a header (default: it is when every field names an input column).",
                ["schema"] = Type("boolean"),
            }),
            ["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject
                {
                    ["application/json"] = new JsonObject
                    {
                        ["schema"] = new JsonObject
                        {
                            ["oneOf"] = new JsonArray(Ref("DataframeSplit"), Ref("DataframeRecords"), Ref("Instances"), Ref("Inputs"), Array(Ref("Record")), Ref("Record")),
                        },
                    },
                    ["text/csv"] = new JsonObject { ["schema"] = Type("string") },
                },
            },
            ["responses"] = responses,
        };
    }

    private static JsonObject Components(ServedModel model, bool authenticated)
    {
        var properties = new JsonObject();
        foreach (var input in model.Inputs)
        {
            var schema = Type(TypeName(input.Kind));
            schema["nullable"] = true;
            schema["description"] = input.Required ? "Read by the model (null: missing)." : "Not read by the model; may be left out.";
            properties[input.Name] = schema;
        }

        var outputs = new JsonObject();
        foreach (var output in model.Outputs)
        {
            var schema = Type(TypeName(output.Kind));
            schema["nullable"] = output.Kind == ValueKind.Number;
            outputs[output.Name] = schema;
        }

        var components = new JsonObject
        {
            ["schemas"] = new JsonObject
            {
                ["Record"] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = properties,
                    ["required"] = new JsonArray([.. model.Inputs.Where(i => i.Required).Select(i => JsonValue.Create(i.Name))]),
                    ["additionalProperties"] = false,
                },
                ["DataframeSplit"] = Wrapper("dataframe_split", new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject
                    {
                        ["columns"] = Array(Type("string")),
                        ["data"] = Array(Array(new JsonObject())),
                        ["index"] = Array(new JsonObject()),
                    },
                    ["required"] = new JsonArray("columns", "data"),
                }),
                ["DataframeRecords"] = Wrapper("dataframe_records", Array(Ref("Record"))),
                ["Instances"] = Wrapper("instances", Array(Ref("Record"))),
                ["Inputs"] = Wrapper("inputs", new JsonObject
                {
                    ["oneOf"] = new JsonArray(Ref("Record"), Array(Ref("Record")), new JsonObject
                    {
                        ["type"] = "object",
                        ["description"] = "Columns: each input column name to an array of values, one per row.",
                        ["additionalProperties"] = Array(new JsonObject()),
                    }),
                }),
                ["Prediction"] = new JsonObject { ["type"] = "object", ["properties"] = outputs },
                ["Predictions"] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject { ["predictions"] = Array(Ref("Prediction")) },
                    ["required"] = new JsonArray("predictions"),
                },
                ["Problem"] = new JsonObject
                {
                    ["type"] = "object",
                    ["description"] = "RFC 7807 problem details.",
                    ["properties"] = new JsonObject
                    {
                        ["type"] = Type("string"),
                        ["title"] = Type("string"),
                        ["status"] = Type("integer"),
                        ["detail"] = Type("string"),
                        ["instance"] = Type("string"),
                        ["errors"] = Array(new JsonObject
                        {
                            ["type"] = "object",
                            ["properties"] = new JsonObject { ["field"] = Type("string"), ["row"] = Type("integer"), ["value"] = Type("string"), ["problem"] = Type("string") },
                        }),
                    },
                },
            },
        };
        if (authenticated)
        {
            components["securitySchemes"] = new JsonObject { ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer" } };
        }

        return components;
    }

    private static JsonObject Get(string id, string summary, JsonObject content, bool isPublic)
    {
        var operation = new JsonObject
        {
            ["operationId"] = id,
            ["summary"] = summary,
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK", ["content"] = content } },
        };
        if (isPublic)
        {
            operation["security"] = new JsonArray();
        }

        return new JsonObject { ["get"] = operation };
    }

    private static JsonObject Wrapper(string key, JsonObject schema) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject { [key] = schema },
        ["required"] = new JsonArray(key),
        ["additionalProperties"] = false,
    };

    private static JsonObject Json(JsonObject schema) => new() { ["application/json"] = new JsonObject { ["schema"] = schema } };

    private static JsonObject Object() => Type("object");

    private static JsonObject Type(string type) => new() { ["type"] = type };

    private static JsonObject Array(JsonObject items) => new() { ["type"] = "array", ["items"] = items };

    private static JsonObject Ref(string name) => new() { ["$ref"] = $"#/components/schemas/{name}" };

    private static string TypeName(ValueKind kind) => kind switch
    {
        ValueKind.Number => "number",
        ValueKind.Integer => "integer",
        ValueKind.Boolean => "boolean",
        _ => "string",
    };
}
