using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Mlmax.Serving.Payloads;

namespace Mlmax.Serving.Http;

/// <summary>
/// A request body read whole into a pooled buffer, never more than the limit: refused on its declared length before a
/// byte is read, and again while reading. Dispose it to return the buffer.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private byte[] _buffer;
    private int _length;

    private RequestBody(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(capacity);

    /// <summary>The body's bytes; valid until the body is disposed.</summary>
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

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
    public static async Task<RequestBody> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        CheckDeclaredLength(request, limit);
        // One byte more than declared, so the read that finds the end needs no bigger buffer.
        var body = new RequestBody(request.ContentLength is { } n ? (int)n + 1 : 16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(body.Free(), cancellationToken)) > 0)
            {
                if (body._length + read > limit)
                {
                    throw TooLarge(limit, "the body");
                }

                body._length += read;
            }

            return body;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            body.Dispose();
            throw TooLarge(limit, "the body");
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Room for the next read: the rest of the buffer, doubled first when it is full.</summary>
    private Memory<byte> Free()
    {
        if (_length == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        return _buffer.AsMemory(_length);
    }

    private static PayloadException TooLarge(long limit, string actual) =>
        new(StatusCodes.Status413PayloadTooLarge, "Request body too large",
            $"{actual} is over the limit of {limit.ToString(CultureInfo.InvariantCulture)} bytes: split the batch (the server's --max-body-bytes sets the limit)",
            [new FieldProblem("body", null, $"over {limit.ToString(CultureInfo.InvariantCulture)} bytes")]);
}
