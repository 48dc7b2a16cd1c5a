using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Mlmax.Serving.Payloads;

namespace Mlmax.Serving.Http;

/// <summary>The formats of an invocation: what the body is, and what the client accepts back.</summary>
internal static class ContentNegotiation
{
    private const string Json = "application/json";
    private const string Csv = "text/csv";

    /// <summary>The body's format from <c>Content-Type</c>, and whether a CSV body starts with a header (<c>?header=</c> or the <c>header</c> media type parameter), if the client said.</summary>
    /// <exception cref="PayloadException">415 for another or no media type; 400 for a bad <c>header</c> value.</exception>
    public static (PayloadFormat Format, bool? Header) RequestFormat(HttpRequest request)
    {
        var (format, header) = request.ContentType switch
        {
            // The usual bare media types need no parsing.
            var bare when string.Equals(bare, Json, StringComparison.OrdinalIgnoreCase) => (PayloadFormat.Json, null),
            var bare when string.Equals(bare, Csv, StringComparison.OrdinalIgnoreCase) => (PayloadFormat.Csv, null),
            var other => Parse(other),
        };
        if (!request.QueryString.HasValue)
        {
            return (format, header);
        }

        if (request.Query.TryGetValue("header", out var query))
        {
            header = query.ToString().ToUpperInvariant() switch
            {
                "TRUE" or "1" => true,
                "FALSE" or "0" => false,
                _ => throw PayloadException.Malformed("header", $"?header= takes true or false, got '{query}'"),
            };
        }

        return (format, header);
    }

    private static (PayloadFormat Format, bool? Header) Parse(string? contentType)
    {
        if (contentType is not { Length: > 0 } || !MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            throw Unsupported(contentType);
        }

        var format = media.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase) ? PayloadFormat.Json
            : media.MediaType.Equals(Csv, StringComparison.OrdinalIgnoreCase) ? PayloadFormat.Csv
            : throw Unsupported(contentType);
        bool? header = null;
        if (NameValueHeaderValue.Find(media.Parameters, "header")?.Value.Value is { } parameter)
        {
            header = parameter.ToUpperInvariant() switch
            {
                "PRESENT" => true,
                "ABSENT" => false,
                _ => throw PayloadException.Malformed("Content-Type", $"the header parameter of text/csv is 'present' or 'absent', got '{parameter}'"),
            };
        }

        return (format, header);
    }

    /// <summary>The answer's format from <c>Accept</c> (JSON when absent or <c>*/*</c>; CSV for <c>text/csv</c>, with a header line for <c>text/csv; header=present</c>).</summary>
    /// <exception cref="PayloadException">406 when neither JSON nor CSV is acceptable.</exception>
    public static (PayloadFormat Format, bool Header) ResponseFormat(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        if (accept.Count == 0 || (accept.Count == 1 && accept[0] is "*/*" or Json)
            || !MediaTypeHeaderValue.TryParseList(accept, out var ranges) || ranges.Count == 0)
        {
            return (PayloadFormat.Json, false);
        }

        foreach (var range in ranges.Where(r => r.Quality is not 0).OrderByDescending(r => r.Quality ?? 1))
        {
            var type = range.MediaType.Value ?? "";
            if (type is "*/*" || type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Equals("application/*", StringComparison.OrdinalIgnoreCase))
            {
                return (PayloadFormat.Json, false);
            }

            if (type.Equals("text/csv", StringComparison.OrdinalIgnoreCase) || type.Equals("text/*", StringComparison.OrdinalIgnoreCase))
            {
                var header = NameValueHeaderValue.Find(range.Parameters, "header")?.Value.Value;
                return (PayloadFormat.Csv, string.Equals(header, "present", StringComparison.OrdinalIgnoreCase));
            }
        }

        throw new PayloadException(StatusCodes.Status406NotAcceptable, "Not Acceptable",
            $"cannot answer in {accept}: predictions come as application/json or text/csv",
            [new FieldProblem("Accept", null, "application/json or text/csv")]);
    }

    private static PayloadException Unsupported(string? contentType) =>
        new(StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type",
            contentType is null ? "no Content-Type: send text/csv or application/json" : $"Content-Type {contentType} is not supported: send text/csv or application/json",
            [new FieldProblem("Content-Type", null, "text/csv or application/json")]);
}

