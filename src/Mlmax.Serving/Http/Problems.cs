using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Mlmax.Serving.Payloads;

namespace Mlmax.Serving.Http;

/// <summary>Writes RFC 7807 <c>application/problem+json</c> answers. They never carry exception details or stack traces.</summary>
internal static class Problems
{
    public const string ContentType = "application/problem+json";

    /// <summary>Answers with a problem.</summary>
    /// <param name="context">The request.</param>
    /// <param name="status">The status code.</param>
    /// <param name="title">A short summary of the kind of problem.</param>
    /// <param name="detail">What is wrong with this request, or <see langword="null"/>.</param>
    /// <param name="errors">The fields at fault.</param>
    /// <returns>A task.</returns>
    public static async Task WriteAsync(HttpContext context, int status, string title, string? detail, IReadOnlyList<FieldProblem>? errors = null)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-store";
        using var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer, JsonOutput.Writer))
        {
            json.WriteStartObject();
            json.WriteString("type", "about:blank");
            json.WriteString("title", title);
            json.WriteNumber("status", status);
            if (detail is not null)
            {
                json.WriteString("detail", detail);
            }

            json.WriteString("instance", context.Request.Path.Value);
            if (errors is { Count: > 0 })
            {
                json.WriteStartArray("errors");
                foreach (var error in errors)
                {
                    json.WriteStartObject();
                    json.WriteString("field", error.Field);
                    if (error.Row is { } row)
                    {
                        json.WriteNumber("row", row);
                    }

                    if (error.Value is { } value)
                    {
                        json.WriteString("value", value);
                    }

                    json.WriteString("problem", error.Problem);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
    }

    /// <summary>Answers with a refused request's problem.</summary>
    public static Task WriteAsync(HttpContext context, PayloadException problem) =>
        WriteAsync(context, problem.Status, problem.Title, problem.Message, problem.Errors);
}
