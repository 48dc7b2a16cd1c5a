using Microsoft.AspNetCore.Http;

namespace Mlmax.Serving.Http;

/// <summary>
/// Requires <c>Authorization: Bearer &lt;token&gt;</c> on every route not marked <see cref="PublicEndpoint"/> (unknown
/// routes included, so they reveal nothing). The presented token is compared in constant time and never logged.
/// </summary>
/// <param name="token">The expected token.</param>
internal sealed class BearerAuthMiddleware(BearerToken token)
{
    private const string Scheme = "Bearer ";

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<PublicEndpoint>() is not null)
        {
            return next(context);
        }

        var header = context.Request.Headers.Authorization;
        if (header.Count == 1 && header[0] is { } value && value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            if (token.Matches(value.AsSpan(Scheme.Length).Trim()))
            {
                return next(context);
            }

            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return Problems.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "the bearer token is not valid");
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "this route needs an 'Authorization: Bearer <token>' header");
    }
}
