using System.Diagnostics;
using System.Text;

namespace Mlmax.Cli.Tests;

/// <summary><c>mlmax worker</c> processes of one test, each its own OS process; killed (with their steps) at the end.</summary>
internal sealed class FleetWorkers : IDisposable
{
    private readonly string _root;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly List<Worker> _workers = [];

    public FleetWorkers(string root, IReadOnlyDictionary<string, string> environment)
    {
        _root = root;
        _environment = environment;
    }

    public IReadOnlyList<Worker> All => _workers;

    /// <summary>Starts a worker (1 slot, a 3-second invisibility timeout unless <paramref name="args"/> say otherwise).</summary>
    public Worker Start(params string[] args)
    {
        var psi = CliProcess.StartInfo(_root, ["worker", "--slots", "1", "--invisibility-timeout", "3", .. args]);
        foreach (var (name, value) in _environment)
        {
            psi.Environment[name] = value;
        }

        var worker = new Worker(Process.Start(psi)!);
        _workers.Add(worker);
        return worker;
    }

    /// <summary>Waits until a worker logs <paramref name="text"/>; that worker.</summary>
    public async Task<Worker> WaitForAsync(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_workers.FirstOrDefault(w => w.Output.Contains(text, StringComparison.Ordinal)) is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no worker logged '{text}' within {timeout.TotalSeconds}s:\n{Logs()}");
    }

    public string Logs() => string.Join("\n", _workers.Select((w, i) => $"--- worker {i} (pid {w.Pid}{(w.HasExited ? ", exited" : "")}):\n{w.Output}"));

    public void Dispose()
    {
        foreach (var w in _workers)
        {
            w.Dispose();
        }
    }

    internal sealed class Worker : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        public Worker(Process process)
        {
            _process = process;
            Pid = process.Id;
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public int Pid { get; }

        public bool HasExited => _process.HasExited;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        /// <summary>SIGKILL, the worker alone: what a crash or the OOM killer does.</summary>
        public void Kill9()
        {
            _process.Kill(entireProcessTree: false);
            _process.WaitForExit();
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit();
                }
            }
            catch (InvalidOperationException)
            {
            }

            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }
    }
}
