using Mlmax.Testing.Postgres;

namespace Mlmax.Scheduling.Tests;

/// <summary>The <c>postgres</c> collection: its test classes share one throwaway PostgreSQL server (<see cref="PostgresFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
