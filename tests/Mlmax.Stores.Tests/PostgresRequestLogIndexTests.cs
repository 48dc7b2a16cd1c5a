using Mlmax.Metadata;
using Mlmax.Stores.Postgres;

namespace Mlmax.Stores.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresRequestLogIndexTests(PostgresFixture postgres) : RequestLogIndexConformanceTests
{
    private string? _url;

    private string Url => _url ??= postgres.Server.CreateDatabase();

    protected override IMetadataStore CreateStore() => new PostgresMetadataStore(Url);

    protected override Task CleanupAsync() => postgres.Server.DropDatabaseAsync(Url);
}
