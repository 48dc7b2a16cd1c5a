using System.Data.Common;
using Microsoft.Data.Sqlite;
using Mlmax.Scheduling.Internal;
using Npgsql;

namespace Mlmax.Scheduling;

/// <summary>
/// The schedules of a metadata database and the schedulers running against it, read without starting a scheduler or
/// creating anything: on PostgreSQL, the cluster's check-ins (Quartz's <c>quartz_scheduler_state</c>); on SQLite,
/// whether a process holds the scheduler lock.
/// </summary>
public static class SchedulerPresence
{
    /// <summary>The lock file the active scheduler of a SQLite file holds.</summary>
    /// <param name="databasePath">The SQLite file.</param>
    /// <returns>The lock file's path.</returns>
    public static string LockPath(string databasePath) => SingleSchedulerLease.LockPath(databasePath);

    /// <summary>The schedules and schedulers of <paramref name="database"/>.</summary>
    /// <param name="database">The metadata database.</param>
    /// <param name="time">The clock that judges check-ins.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was found; no schedules and no schedulers when none was ever added or started.</returns>
    public static async Task<SchedulerStatus> FindAsync(SchedulerDatabase database, TimeProvider time, CancellationToken cancellationToken)
    {
        await using DbConnection connection = database.SqlitePath is null
            ? new NpgsqlConnection(database.ConnectionString)
            : new SqliteConnection(database.ConnectionString + ";Mode=ReadOnly");
        if (database.SqlitePath is { } file && !File.Exists(file))
        {
            return new SchedulerStatus(0, 0, []);
        }

        await connection.OpenAsync(cancellationToken);
        var prefix = QuartzSchedulers.TablePrefix;
        if (!await TableExistsAsync(connection, prefix + "triggers", cancellationToken))
        {
            return new SchedulerStatus(0, 0, database.SqlitePath is { } path && IsLocked(LockPath(path)) ? [new ActiveScheduler(null, null, Alive: true)] : []);
        }

        var schedules = await CountAsync(connection, $"select count(*) from {prefix}triggers where sched_name = '{QuartzSchedulers.InstanceName}'", cancellationToken);
        var paused = await CountAsync(connection, $"select count(*) from {prefix}triggers where sched_name = '{QuartzSchedulers.InstanceName}' and trigger_state = 'PAUSED'", cancellationToken);
        if (database.SqlitePath is { } sqlite)
        {
            return new SchedulerStatus(schedules, paused, IsLocked(LockPath(sqlite)) ? [new ActiveScheduler(null, null, Alive: true)] : []);
        }

        var now = time.GetUtcNow();
        var found = new List<ActiveScheduler>();
        await using var command = connection.CreateCommand();
        command.CommandText = $"select instance_name, last_checkin_time, checkin_interval from {prefix}scheduler_state where sched_name = '{QuartzSchedulers.InstanceName}' order by instance_name";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // Quartz keeps the check-in as UTC ticks and the interval in milliseconds; a scheduler that missed two
            // check-ins is one the cluster is about to recover from.
            var checkIn = new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero);
            var interval = TimeSpan.FromMilliseconds(reader.GetInt64(2));
            found.Add(new ActiveScheduler(reader.GetString(0), checkIn, now - checkIn <= (interval * 2) + TimeSpan.FromSeconds(5)));
        }

        return new SchedulerStatus(schedules, paused, found);
    }

    private static async Task<bool> TableExistsAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = connection is NpgsqlConnection
            ? $"select count(*) from information_schema.tables where table_schema = current_schema() and table_name = '{table}'"
            : $"select count(*) from sqlite_master where type = 'table' and lower(name) = '{table}'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static async Task<int> CountAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Whether a process holds the lock: a shared lock on it cannot be taken while it does.</summary>
    private static bool IsLocked(string lockPath)
    {
        if (!File.Exists(lockPath))
        {
            return false;
        }

        try
        {
            using var probe = new FileStream(lockPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
