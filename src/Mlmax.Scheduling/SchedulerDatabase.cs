using Mlmax.Stores.Postgres;

namespace Mlmax.Scheduling;

/// <summary>The metadata database schedules are kept in: the embedded SQLite file or a shared PostgreSQL database.</summary>
public sealed record SchedulerDatabase
{
    private SchedulerDatabase(string connectionString, string? sqlitePath)
    {
        ConnectionString = connectionString;
        SqlitePath = sqlitePath;
    }

    /// <summary>The ADO.NET connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>The SQLite file, or <see langword="null"/> for PostgreSQL.</summary>
    public string? SqlitePath { get; }

    /// <summary>Whether several schedulers can run against it at once (PostgreSQL: clustered, each slot fired by one of them).</summary>
    public bool IsShared => SqlitePath is null;

    /// <summary>The embedded SQLite metadata file.</summary>
    /// <param name="path">The file (<c>.mlmax/mlmax.db</c> in a project).</param>
    /// <returns>The database.</returns>
    public static SchedulerDatabase Sqlite(string path) =>
        new($"Data Source={Path.GetFullPath(path)};Pooling=true;Default Timeout=30", Path.GetFullPath(path));

    /// <summary>A PostgreSQL metadata database.</summary>
    /// <param name="connection">A <c>postgres://</c> URL or an Npgsql connection string.</param>
    /// <returns>The database.</returns>
    /// <exception cref="FormatException">Malformed (the message never contains the password).</exception>
    public static SchedulerDatabase Postgres(string connection) => new(PostgresConnectionString.Parse(connection), null);
}
