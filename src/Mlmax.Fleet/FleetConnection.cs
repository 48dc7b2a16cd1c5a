using System.Security.Cryptography;
using System.Text;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Mlmax.Stores.Postgres;
using Npgsql;

namespace Mlmax.Fleet;

/// <summary>
/// A fleet's shared state in PostgreSQL: the job queue (Hangfire's PostgreSQL storage, in its own schema) and the
/// per-run locks that serialize deciding which steps are ready. The same database holds mlmax's metadata.
/// </summary>
public sealed class FleetConnection : IDisposable
{
    private readonly NpgsqlDataSource _locks;

    private FleetConnection(string connectionString, string description, FleetOptions options, JobStorage storage)
    {
        _locks = NpgsqlDataSource.Create(connectionString);
        Description = description;
        Options = options;
        Storage = storage;
    }

    /// <summary>The database, safe to print (no password).</summary>
    public string Description { get; }

    /// <summary>The queue's settings.</summary>
    public FleetOptions Options { get; }

    /// <summary>The job storage.</summary>
    public JobStorage Storage { get; }

    /// <summary>Opens the fleet's queue in a database, creating its schema on first use.</summary>
    /// <param name="database">A <c>postgres://</c> URL or an Npgsql connection string.</param>
    /// <param name="options">Queue settings.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="FormatException">The database is named wrongly.</exception>
    public static FleetConnection Open(string database, FleetOptions options)
    {
        var connectionString = PostgresConnectionString.Parse(database);
        var storageOptions = new PostgreSqlStorageOptions
        {
            SchemaName = options.Schema,
            PrepareSchemaIfNecessary = true,
            InvisibilityTimeout = options.InvisibilityTimeout,
            UseSlidingInvisibilityTimeout = true,
            QueuePollInterval = options.PollInterval,

            // Long polling (LISTEN/NOTIFY) is off on purpose: in this storage version, a listener that fails while
            // being stopped makes the dequeue throw after it has already fetched a job, which then stays invisible for
            // good while its sliding timeout is renewed (a run hung on it in the fleet benchmark). A worker that
            // queues a step still wakes its own idle slots at once; other workers find it within PollInterval.
            EnableLongPolling = false,
            DistributedLockTimeout = TimeSpan.FromMinutes(1),
        };
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions);
        return new FleetConnection(connectionString, PostgresConnectionString.Describe(database), options, storage);
    }

    /// <summary>
    /// Takes a run's lock: one process at a time decides what of a run happens next. A PostgreSQL advisory lock, so a
    /// process killed while holding it releases it with its connection.
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The held lock; dispose to release.</returns>
    public async Task<IAsyncDisposable> LockRunAsync(string runId, CancellationToken cancellationToken)
    {
        var key = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("mlmax-run:" + runId)), 0);
        var connection = await _locks.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key);", connection);
            command.Parameters.AddWithValue("key", key);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new RunLock(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _locks.Dispose();

    private sealed class RunLock(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key);", connection);
                command.Parameters.AddWithValue("key", key);
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
