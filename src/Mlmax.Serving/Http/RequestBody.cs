using System.Globalization;
using Microsoft.AspNetCore.Http;
using Mlmax.Serving.Payloads;

namespace Mlmax.Serving.Http;

/// <summary>Reads a request body whole, never more than the limit: refused on its declared length before a byte is read, and again while reading.</summary>
internal static class RequestBody
{
    /// <summary>Refuses a body whose declared length is over the limit (413).</summary>
    /// <param name="request">The request.</param>
    /// <param name="limit">The most bytes accepted.</param>
    /// <exception cref="PayloadException">413.</exception>
    public static void CheckDeclaredLength(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit)
        {
            throw TooLarge(limit, $"the body ({request.ContentLength.Value.ToString(CultureInfo.InvariantCulture)} bytes)");
        }
    }

    /// <summary>Reads the body, stopping with 413 as soon as it passes the limit.</summary>
    /// <param name="request">The request.</param>
    /// <param name="limit">The most bytes accepted.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The body.</returns>
    /// <exception cref="PayloadException">413.</exception>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        CheckDeclaredLength(request, limit);
        using var buffer = new MemoryStream(request.ContentLength is { } n ? (int)n : 16 * 1024);
        var chunk = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw TooLarge(limit, "the body");
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limit, "the body");
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static PayloadException TooLarge(long limit, string actual) =>
        new(StatusCodes.Status413PayloadTooLarge, "Request body too large",
            $"{actual} is over the limit of {limit.ToString(CultureInfo.InvariantCulture)} bytes: split the batch (the server's --max-body-bytes sets the limit)",
            [new FieldProblem("body", null, $"over {limit.ToString(CultureInfo.InvariantCulture)} bytes")]);
}
