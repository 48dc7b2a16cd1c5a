namespace Mlmax.Serving.Http;

/// <summary>Endpoint metadata: the route answers without a bearer token (health checks: <c>/ping</c>, <c>/health</c>).</summary>
internal sealed class PublicEndpoint;
