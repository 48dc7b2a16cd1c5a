using Microsoft.Data.Sqlite;
using Mlmax.Metadata;
using Mlmax.Stores.Sqlite;

namespace Mlmax.Stores.Tests;

public sealed class SqliteRequestLogIndexTests : RequestLogIndexConformanceTests
{
    private readonly TempDirectory _directory = new();

    protected override IMetadataStore CreateStore() => new SqliteMetadataStore(Path.Combine(_directory.Path, "metadata.db"));

    protected override Task CleanupAsync()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
