using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Mlmax.Testing.Postgres;

/// <summary>
/// A throwaway PostgreSQL server for a test run: <c>initdb</c> into a fresh temp directory, started with <c>pg_ctl</c>
/// on a free loopback port (unix sockets in the same directory), with one database per caller; disposing it stops the
/// server and deletes the directory. PostgreSQL refuses to run as root, so as root the server runs as the system user
/// <see cref="OsUser"/>, created if missing. It never skips: if the server cannot start, <see cref="StartAsync"/> throws
/// with what <c>initdb</c>, <c>pg_ctl</c> and the server log said.
/// </summary>
/// <remarks>
/// Binaries come from <c>MLMAX_POSTGRES_BIN</c> if set, else the newest <c>/usr/lib/postgresql/*/bin</c> (Debian's
/// <c>postgresql</c> package, which <c>make test</c> installs), else <c>initdb</c> on the <c>PATH</c>.
/// </remarks>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The system user the server runs as when the tests run as root.</summary>
    public const string OsUser = "mlmax-pg";

    /// <summary>The server's superuser (trust authentication, loopback only).</summary>
    public const string Superuser = "postgres";

    private readonly string _binDirectory;
    private readonly string? _runAs;
    private int _databases;
    private bool _stopped;

    private PostgresServer(string directory, string binDirectory, string? runAs, int port)
    {
        Directory = directory;
        _binDirectory = binDirectory;
        _runAs = runAs;
        Port = port;
    }

    /// <summary>The temp directory holding the data directory, the sockets and the server log.</summary>
    public string Directory { get; }

    /// <summary>The loopback TCP port.</summary>
    public int Port { get; }

    /// <summary>The server log.</summary>
    public string LogFile => Path.Combine(Directory, "server.log");

    private string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>Creates, starts and waits for a new server.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="InvalidOperationException">It could not start; the message says why and what was tried.</exception>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var bin = FindBinDirectory();
        var runAs = Shell.IsRoot ? OsUser : null;
        if (runAs is not null)
        {
            await EnsureOsUserAsync(runAs, cancellationToken);
        }

        // Short and, as root, under /tmp itself: the socket path must fit in 107 bytes, and the server's user must reach it.
        var baseDirectory = runAs is null ? Path.GetTempPath() : "/tmp";
        var directory = Path.Combine(baseDirectory, "mlmax-pg-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        try
        {
            if (runAs is not null)
            {
                await Shell.RunCheckedAsync("chown", [runAs, directory], cancellationToken);
            }

            var server = await InitAndStartAsync(directory, bin, runAs, cancellationToken);
            return server;
        }
        catch
        {
            DeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>A connection string for a database on this server, as a <c>postgres://</c> URL.</summary>
    /// <param name="database">The database.</param>
    /// <returns>The URL (no password: the server trusts loopback connections).</returns>
    public string Url(string database) => string.Create(CultureInfo.InvariantCulture, $"postgres://{Superuser}@127.0.0.1:{Port}/{database}");

    /// <summary>Creates an empty database.</summary>
    /// <param name="prefix">The start of its name (lower-case letters, digits and underscores).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Its <c>postgres://</c> URL.</returns>
    public async Task<string> CreateDatabaseAsync(string prefix = "mlmax_test", CancellationToken cancellationToken = default)
    {
        var name = NextDatabaseName(prefix);
        await AdminAsync($"CREATE DATABASE \"{name}\";", cancellationToken);
        return Url(name);
    }

    /// <summary>Creates an empty database, synchronously (for test hooks that cannot await).</summary>
    /// <param name="prefix">The start of its name (lower-case letters, digits and underscores).</param>
    /// <returns>Its <c>postgres://</c> URL.</returns>
    public string CreateDatabase(string prefix = "mlmax_test")
    {
        var name = NextDatabaseName(prefix);
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\";", connection);
        cmd.ExecuteNonQuery();
        return Url(name);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing its connections.</summary>
    /// <param name="url">The URL it returned.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public Task DropDatabaseAsync(string url, CancellationToken cancellationToken = default) =>
        AdminAsync($"DROP DATABASE IF EXISTS \"{new Uri(url).AbsolutePath.TrimStart('/')}\" WITH (FORCE);", cancellationToken);

    /// <summary>Stops the server (fast shutdown, immediate if that fails) and deletes its directory.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        NpgsqlConnection.ClearAllPools();
        try
        {
            var fast = await PgCtlAsync(["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "30"], CancellationToken.None);
            if (fast.ExitCode != 0)
            {
                await PgCtlAsync(["stop", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "30"], CancellationToken.None);
            }
        }
        finally
        {
            DeleteDirectory(Directory);
        }
    }

    private static async Task<PostgresServer> InitAndStartAsync(string directory, string bin, string? runAs, CancellationToken cancellationToken)
    {
        var data = Path.Combine(directory, "data");
        var init = await Shell.RunAsync(Shell.As(runAs, Path.Combine(bin, "initdb"),
            ["-D", data, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions"]), cancellationToken);
        if (init.ExitCode != 0)
        {
            throw new InvalidOperationException($"PostgreSQL test server: initdb failed (exit {init.ExitCode}) in {data}:\n{init.Output}");
        }

        // A free port can be taken between probing and binding; try again on another.
        var failures = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var server = new PostgresServer(directory, bin, runAs, FreePort());
            var options = string.Join(' ',
                "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-k", directory, "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200");
            var start = await server.PgCtlAsync(["start", "-D", data, "-l", server.LogFile, "-w", "-t", "60", "-o", options], cancellationToken);
            if (start.ExitCode == 0)
            {
                return server;
            }

            failures.Add($"pg_ctl start on port {server.Port} failed (exit {start.ExitCode}):\n{start.Output}\n--- server log:\n{Tail(server.LogFile)}");
            await server.PgCtlAsync(["stop", "-D", data, "-m", "immediate"], CancellationToken.None);
        }

        throw new InvalidOperationException("PostgreSQL test server could not start:\n" + string.Join("\n", failures));
    }

    private string AdminConnectionString =>
        string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={Port};Username={Superuser};Database=postgres;Pooling=false");

    private string NextDatabaseName(string prefix) => string.Create(CultureInfo.InvariantCulture, $"{prefix}_{Interlocked.Increment(ref _databases)}");

    private async Task AdminAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task<Shell.Result> PgCtlAsync(IReadOnlyList<string> args, CancellationToken cancellationToken) =>
        Shell.RunAsync(Shell.As(_runAs, Path.Combine(_binDirectory, "pg_ctl"), args), cancellationToken);

    private static async Task EnsureOsUserAsync(string user, CancellationToken cancellationToken)
    {
        // Test processes of several projects start at once: useradd may find /etc/passwd locked or the user just made.
        for (var attempt = 0; ; attempt++)
        {
            if ((await Shell.RunAsync(["id", "-u", user], cancellationToken)).ExitCode == 0)
            {
                return;
            }

            var add = await Shell.RunAsync(
                ["useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", user], cancellationToken);
            if (add.ExitCode == 0)
            {
                return;
            }

            if (attempt == 5)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL test server: initdb refuses to run as root and the system user '{user}' could not be created (useradd exit {add.ExitCode}): {add.Output}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200 * (attempt + 1)), cancellationToken);
        }
    }

    private static string FindBinDirectory()
    {
        if (Environment.GetEnvironmentVariable("MLMAX_POSTGRES_BIN") is { Length: > 0 } configured)
        {
            return File.Exists(Path.Combine(configured, "initdb"))
                ? configured
                : throw new InvalidOperationException($"PostgreSQL test server: MLMAX_POSTGRES_BIN={configured} holds no initdb");
        }

        var debian = System.IO.Directory.Exists("/usr/lib/postgresql")
            ? System.IO.Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), CultureInfo.InvariantCulture, out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")));
        return debian ?? onPath ?? throw new InvalidOperationException(
            "PostgreSQL test server: no initdb in /usr/lib/postgresql/*/bin nor on the PATH. Install Debian's 'postgresql' package " +
            "(make test does: apt-get install postgresql) or set MLMAX_POSTGRES_BIN to a directory holding initdb, pg_ctl and postgres.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Tail(string path)
    {
        try
        {
            return string.Join('\n', File.ReadLines(path).TakeLast(30));
        }
        catch (IOException e)
        {
            return $"(no log: {e.Message})";
        }
    }

    private static void DeleteDirectory(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
