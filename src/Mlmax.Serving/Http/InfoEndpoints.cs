using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Mlmax.Scoring.Schema;
using Mlmax.Serving.Metrics;
using Mlmax.Serving.Models;
using Mlmax.Serving.OpenApi;

namespace Mlmax.Serving.Http;

/// <summary>The read-only routes: <c>/ping</c>, <c>/health</c>, <c>/version</c>, <c>/metrics</c> and <c>/openapi.json</c>.</summary>
/// <param name="models">The served model.</param>
/// <param name="metrics">The counters.</param>
/// <param name="served">The reference being served (e.g. <c>census@production</c>).</param>
/// <param name="authenticated">Whether routes other than the health checks need a bearer token.</param>
/// <param name="onViolation">What <c>/invocations</c> does with rows that violate the training schema.</param>
internal sealed class InfoEndpoints(ModelHolder models, ServerMetrics metrics, string served, bool authenticated, ViolationPolicy onViolation)
{
    private readonly System.Text.Json.JsonSerializerOptions _json = JsonOutput.Serializer;

    /// <summary><c>GET /ping</c>: 200 while the server runs (the SageMaker health check); a model is always loaded before it listens.</summary>
    public Task PingAsync(HttpContext context) => WriteAsync(context, new JsonObject { ["status"] = "ok" });

    /// <summary><c>GET /health</c>: the model is loaded, and which version.</summary>
    public Task HealthAsync(HttpContext context)
    {
        var model = models.Current;
        return WriteAsync(context, new JsonObject
        {
            ["status"] = "ok",
            ["model_loaded"] = true,
            ["model"] = model.Version.Name,
            ["version"] = model.Version.Version,
            ["served_as"] = served,
        });
    }

    /// <summary><c>GET /version</c>: the version served, its bundle hash, aliases and schema.</summary>
    public Task VersionAsync(HttpContext context)
    {
        var model = models.Current;
        var version = model.Version;
        return WriteAsync(context, new JsonObject
        {
            ["name"] = version.Name,
            ["version"] = version.Version,
            ["reference"] = version.Reference,
            ["served_as"] = served,
            ["bundle"] = version.BundleArtifact,
            ["aliases"] = new JsonArray([.. version.Aliases.Select(a => JsonValue.Create(a))]),
            ["run"] = version.RunId,
            ["components"] = new JsonObject(version.Components.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value))),
            ["loaded_at"] = model.LoadedAt.ToString("O"),
            ["inputs"] = new JsonArray([.. model.Inputs.Select(i => new JsonObject
            {
                ["name"] = i.Name,
                ["type"] = i.Kind.ToString().ToLowerInvariant(),
                ["required"] = i.Required,
            })]),
            ["csv_columns"] = new JsonArray([.. model.CsvColumns.Select(c => JsonValue.Create(c.Name))]),
            ["outputs"] = new JsonArray([.. model.Outputs.Select(o => new JsonObject { ["name"] = o.Name, ["type"] = o.Kind.ToString().ToLowerInvariant() })]),
            ["schema_check"] = model.Guard is { } guard
                ? new JsonObject { ["policy"] = onViolation.ToString().ToLowerInvariant(), ["columns"] = guard.Schema.Columns.Count }
                : null,
        });
    }

    /// <summary><c>GET /metrics</c>: the Prometheus text exposition.</summary>
    public Task MetricsAsync(HttpContext context)
    {
        context.Response.ContentType = PrometheusText.ContentType;
        return context.Response.WriteAsync(PrometheusText.Render(metrics, models.Current), context.RequestAborted);
    }

    /// <summary><c>GET /openapi.json</c>: an OpenAPI 3 document for the served version's schema.</summary>
    public Task OpenApiAsync(HttpContext context) => WriteAsync(context, OpenApiDocumentBuilder.Build(models.Current, served, authenticated));

    private Task WriteAsync(HttpContext context, JsonNode body)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(body.ToJsonString(_json), context.RequestAborted);
    }
}
