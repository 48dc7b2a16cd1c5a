using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Mlmax.Testing.S3;

/// <summary>
/// A throwaway S3-compatible server for a test run: s3rver (Node.js) on a free loopback port, its data in a fresh temp
/// directory, with one bucket, <see cref="BucketName"/>, made at start; disposing it stops the server and deletes the
/// directory. Tests share the bucket and keep apart by prefix (<see cref="NewUrl"/>). It never skips: if the server
/// cannot start, <see cref="StartAsync"/> throws with what s3rver said.
/// </summary>
/// <remarks>
/// s3rver comes from <c>MLMAX_S3RVER</c> if set (its package directory), else <c>.build/s3rver</c> in the repository
/// (<c>make deps-s3</c>, which <c>make test</c> runs: <c>npm install --prefix .build/s3rver s3rver@3.7.1</c>), else
/// <c>s3rver</c> on the <c>PATH</c>. It accepts the fixed credentials <see cref="AccessKeyId"/>/<see cref="SecretAccessKey"/>.
/// </remarks>
public sealed partial class S3Server : IAsyncDisposable
{
    /// <summary>The bucket made at start.</summary>
    public const string BucketName = "mlmax-test";

    /// <summary>s3rver's access key id.</summary>
    public const string AccessKeyId = "S3RVER";

    /// <summary>s3rver's secret key (a published test value, not a secret).</summary>
    public const string SecretAccessKey = "S3RVER";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output;
    private int _prefixes;
    private bool _stopped;

    private S3Server(Process process, StringBuilder output, string directory, int port)
    {
        _process = process;
        _output = output;
        Directory = directory;
        Port = port;
    }

    /// <summary>The temp directory holding the server's data.</summary>
    public string Directory { get; }

    /// <summary>The loopback TCP port.</summary>
    public int Port { get; }

    /// <summary>The endpoint URL, for <c>AWS_ENDPOINT_URL</c>.</summary>
    public string Endpoint => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");

    /// <summary>The standard AWS variables that point a client (the SDK's default chain, the mlmax CLI) at this server.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["AWS_ENDPOINT_URL"] = Endpoint,
        ["AWS_ACCESS_KEY_ID"] = AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = SecretAccessKey,
        ["AWS_REGION"] = "us-east-1",
    };

    /// <summary>A fresh, empty place in the bucket: <c>s3://mlmax-test/PREFIX-N-RANDOM</c>.</summary>
    /// <param name="prefix">The start of the key prefix (lower-case letters, digits and '-').</param>
    /// <returns>The URL.</returns>
    public string NewUrl(string prefix = "test") =>
        string.Create(CultureInfo.InvariantCulture, $"s3://{BucketName}/{prefix}-{Interlocked.Increment(ref _prefixes)}-{Guid.NewGuid():N}");

    /// <summary>Starts a new server and waits until it listens.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="InvalidOperationException">It could not start; the message says why and what was tried.</exception>
    public static async Task<S3Server> StartAsync(CancellationToken cancellationToken = default)
    {
        var module = FindModule();
        var script = Path.Combine(module, "bin", "s3rver.js");
        var directory = Path.Combine(Path.GetTempPath(), "mlmax-s3-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        Process? process = null;
        try
        {
            var psi = new ProcessStartInfo("node")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in (string[])[script, "--directory", directory, "--address", "127.0.0.1", "--port", "0", "--silent", "--configure-bucket", BucketName])
            {
                psi.ArgumentList.Add(a);
            }

            var output = new StringBuilder();
            var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            try
            {
                process = Process.Start(psi) ?? throw new InvalidOperationException("could not start node");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException($"S3 test server: could not start 'node' ({e.Message}); Node.js 18 or later must be on the PATH", e);
            }

            process.OutputDataReceived += (_, e) => OnLine(e.Data, output, listening);
            process.ErrorDataReceived += (_, e) => OnLine(e.Data, output, listening);
            process.EnableRaisingEvents = true;
            process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("s3rver exited"));
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            int port;
            try
            {
                port = await listening.Task.WaitAsync(timeout.Token);
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                await StopAsync(process);
                throw new InvalidOperationException(
                    $"S3 test server: s3rver ({module}) did not start listening within {StartTimeout.TotalSeconds:0} s" +
                    $"{(process.HasExited ? $" (exit {process.ExitCode})" : string.Empty)}:\n{Snapshot(output)}", e);
            }

            return new S3Server(process, output, directory, port);
        }
        catch
        {
            if (process is not null)
            {
                await StopAsync(process);
                process.Dispose();
            }

            DeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>Stops the server and deletes its directory.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        try
        {
            await StopAsync(_process);
            _process.Dispose();
        }
        finally
        {
            DeleteDirectory(Directory);
        }
    }

    /// <summary>What the server printed so far (for failure messages).</summary>
    /// <returns>The output.</returns>
    public string Output() => Snapshot(_output);

    private static void OnLine(string? line, StringBuilder output, TaskCompletionSource<int> listening)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } m)
        {
            listening.TrySetResult(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(wait.Token);
        }
        catch (InvalidOperationException)
        {
            // never started or already gone
        }
    }

    private static string FindModule()
    {
        static bool IsModule(string directory) => File.Exists(Path.Combine(directory, "lib", "stores", "filesystem.js"));

        if (System.Environment.GetEnvironmentVariable("MLMAX_S3RVER") is { Length: > 0 } configured)
        {
            return IsModule(configured)
                ? configured
                : throw new InvalidOperationException($"S3 test server: MLMAX_S3RVER={configured} is not s3rver's package directory (no lib/stores/filesystem.js)");
        }

        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, ".build", "s3rver", "node_modules", "s3rver");
            if (IsModule(candidate))
            {
                return candidate;
            }
        }

        // A global install: PATH holds a link to PACKAGE/bin/s3rver.js.
        var onPath = (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "s3rver"))
            .Where(File.Exists)
            .Select(link => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(link)!, new FileInfo(link).LinkTarget ?? link, "..", "..")))
            .FirstOrDefault(IsModule);
        return onPath ?? throw new InvalidOperationException(
            "S3 test server: s3rver not found in .build/s3rver (above the test binaries) nor on the PATH. Run 'make deps-s3' " +
            "(npm install --prefix .build/s3rver s3rver@3.7.1; make test does it) or set MLMAX_S3RVER to s3rver's package directory.");
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

    [GeneratedRegex(@"S3rver listening on [^\s]+:(\d+)")]
    private static partial Regex ListeningLine();
}
