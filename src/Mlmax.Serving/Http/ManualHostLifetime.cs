using Microsoft.Extensions.Hosting;

namespace Mlmax.Serving.Http;

/// <summary>
/// A host lifetime that leaves signals alone: the server starts and stops only when its owner says so (the CLI handles
/// Ctrl-C and SIGTERM itself), instead of the console lifetime that would hook them.
/// </summary>
internal sealed class ManualHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
