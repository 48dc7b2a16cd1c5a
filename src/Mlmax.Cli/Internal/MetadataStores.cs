using Mlmax.Metadata;
using Mlmax.Registry;
using Mlmax.Stores.Postgres;
using Mlmax.Stores.Sqlite;

namespace Mlmax.Cli.Internal;

/// <summary>
/// Picks the project's metadata store: the <c>MLMAX_METADATA</c> environment variable, else <c>metadata:</c> in
/// mlmax.yaml, else SQLite in the project's state directory. PostgreSQL is named by a <c>postgres://</c> URL (or, in the
/// variable, an Npgsql connection string); either store is also the model registry.
/// </summary>
internal static class MetadataStores
{
    public const string EnvironmentVariable = "MLMAX_METADATA";

    /// <summary>The configured store, as text: the variable wins over the project file.</summary>
    public static string? Configured(string? fromProject) =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment.Trim() : fromProject;

    /// <summary>Which store this is, safe to print (no password): <c>sqlite (.mlmax/mlmax.db)</c> or <c>postgres://USER@HOST:PORT/DATABASE</c>.</summary>
    public static string Describe(IMetadataStore store) =>
        store is PostgresMetadataStore postgres ? postgres.Description : "sqlite (.mlmax/mlmax.db)";

    /// <summary>Creates (does not migrate) the store named by <paramref name="configured"/>.</summary>
    public static (IMetadataStore Store, IModelRegistry Registry) Create(string? configured, string stateDirectory)
    {
        if (configured is null or "sqlite")
        {
            var sqlite = new SqliteMetadataStore(Path.Combine(stateDirectory, "mlmax.db"));
            return (sqlite, sqlite);
        }

        if (PostgresConnectionString.IsUrl(configured) || configured.Contains('=', StringComparison.Ordinal))
        {
            try
            {
                var postgres = new PostgresMetadataStore(configured);
                return (postgres, postgres);
            }
            catch (FormatException e)
            {
                throw new UserException($"metadata store: {e.Message}");
            }
        }

        throw new UserException(
            $"unknown metadata store (from {EnvironmentVariable} or 'metadata:' in {ProjectHost.ProjectFile}): use 'sqlite' or postgres://USER:PASSWORD@HOST:PORT/DATABASE");
    }
}
