using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Mlmax.Serving.Payloads;

namespace Mlmax.Serving.Http;

/// <summary>
/// The last line: a refused request becomes its problem answer; anything unexpected is logged here and answered 500
/// with a problem that says nothing of the exception (no message, no stack trace).
/// </summary>
/// <param name="log">Where unexpected errors go.</param>
internal sealed class ErrorHandlingMiddleware(ILogger log)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (PayloadException e) when (!context.Response.HasStarted)
        {
            await Problems.WriteAsync(context, e);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await Problems.WriteAsync(context, e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad Request", null);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        catch (Exception e)
        {
            Log.Unhandled(log, e, context.Request.Method, context.Request.Path.Value ?? "");
            if (context.Response.HasStarted)
            {
                throw;
            }

            context.Response.Clear();
            await Problems.WriteAsync(context, StatusCodes.Status500InternalServerError, "Internal Server Error",
                "the server could not answer this request; the error is in its log");
        }
    }
}
