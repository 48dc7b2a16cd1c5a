using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mlmax.Serving.Metrics;

namespace Mlmax.Serving.Http;

/// <summary>Counts every answer by route and status and times it; routes the server does not have count as <c>unmatched</c>.</summary>
/// <param name="metrics">The counters.</param>
/// <param name="timeProvider">The clock.</param>
internal sealed class RequestMetricsMiddleware(ServerMetrics metrics, TimeProvider timeProvider)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var start = timeProvider.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            metrics.RecordRequest(route, context.Response.StatusCode, timeProvider.GetElapsedTime(start));
        }
    }
}
