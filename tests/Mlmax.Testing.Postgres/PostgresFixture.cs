using Xunit;

namespace Mlmax.Testing.Postgres;

/// <summary>One throwaway PostgreSQL server shared by the test classes of a collection; each test makes its own
/// database. Each test project declares its own collection over it (xUnit finds collections only in the test assembly).</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    /// <summary>The running server.</summary>
    public PostgresServer Server => _server ?? throw new InvalidOperationException("the PostgreSQL test server did not start");

    /// <inheritdoc/>
    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
