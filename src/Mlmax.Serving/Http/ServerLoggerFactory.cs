using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mlmax.Serving.Http;

/// <summary>
/// The logger factory Kestrel and the host get: the caller's, without ASP.NET Core's per-request diagnostics
/// (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c>). While that category is enabled at any level the host opens a
/// logging scope and starts an <see cref="System.Diagnostics.Activity"/> for every request; the server counts and times
/// requests itself (<see cref="RequestMetricsMiddleware"/>) and logs their unexpected errors (<see cref="ErrorHandlingMiddleware"/>).
/// Does not own the caller's factory: disposing this one leaves it alone.
/// </summary>
/// <param name="inner">The caller's factory.</param>
internal sealed class ServerLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    /// <summary>The host's per-request category.</summary>
    public const string RequestDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public ILogger CreateLogger(string categoryName) =>
        categoryName == RequestDiagnostics ? NullLogger.Instance : inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose()
    {
        // The caller owns the inner factory.
    }
}
