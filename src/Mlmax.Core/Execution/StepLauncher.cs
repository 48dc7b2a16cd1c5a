using System.Diagnostics;
using Mlmax.Specs;

namespace Mlmax.Execution;

/// <summary>Starts a step's code through the step contract: a process for every runner, or in-process for .NET steps when asked.</summary>
public sealed class StepLauncher
{
    private readonly LauncherOptions _options;

    /// <summary>Creates the launcher.</summary>
    /// <param name="options">Where things are.</param>
    public StepLauncher(LauncherOptions options) => _options = options;

    /// <summary>Where the launcher finds things.</summary>
    public LauncherOptions Options => _options;

    /// <summary>Runs one attempt of a step in a prepared workspace.</summary>
    /// <param name="step">The step.</param>
    /// <param name="workspace">Its workspace, inputs in place.</param>
    /// <param name="onLine">Receives each log line.</param>
    /// <param name="cancellationToken">Kills the step when signalled.</param>
    /// <returns>The exit code.</returns>
    public async Task<int> RunAsync(StepSpec step, StepWorkspace workspace, Action<string> onLine, CancellationToken cancellationToken)
    {
        if (step.Runner is PredictRunner)
        {
            var predictor = _options.Predictor
                ?? throw new InvalidOperationException($"step '{step.Name}' is a predict step but this executor has no batch scorer");
            return await predictor.RunAsync(workspace, onLine, cancellationToken);
        }

        if (step.Runner is DotnetRunner dotnet)
        {
            var project = _options.DotnetProject
                ?? throw new InvalidOperationException($"step '{step.Name}' is a .NET step but mlmax.yaml names no dotnet.project");
            var assembly = await project.GetAssemblyAsync();
            if (step.InProcess ?? _options.DotnetInProcess)
            {
                using var writer = new LineWriter(onLine);
                return await DotnetStepEntryPoint.RunAsync(assembly, dotnet.TypeName, workspace.Contract, writer, cancellationToken);
            }

            var psi = Start(_options.HostCommand[0], workspace);
            foreach (var a in _options.HostCommand.Skip(1).Concat(["exec-step", "--assembly", assembly, "--type", dotnet.TypeName,
                         "--contract", workspace.Environment["MLMAX_CONTRACT"]]))
            {
                psi.ArgumentList.Add(a);
            }

            return await ProcessRunner.RunAsync(psi, onLine, cancellationToken);
        }

        var (program, args) = step.Runner switch
        {
            PythonRunner p => (_options.PythonInterpreter, new[] { Resolve(p.Script) }.Concat(p.Arguments.Select(ResolveArgument))),
            CommandRunner c => (ResolveProgram(c.Command[0]), c.Command.Skip(1).Select(ResolveArgument)),
            _ => throw new NotSupportedException(step.Runner.GetType().Name),
        };
        var start = Start(program, workspace);
        foreach (var a in args.Concat(workspace.ParameterArguments()))
        {
            start.ArgumentList.Add(a);
        }

        if (step.Runner is PythonRunner)
        {
            start.Environment["PYTHONUNBUFFERED"] = "1";
            start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        }

        try
        {
            return await ProcessRunner.RunAsync(start, onLine, cancellationToken);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            var hint = step.Runner is PythonRunner ? " (set python.interpreter in mlmax.yaml)" : "";
            throw new InvalidOperationException($"step '{step.Name}': cannot start '{program}': {e.Message}{hint}", e);
        }
    }

    private ProcessStartInfo Start(string program, StepWorkspace workspace)
    {
        var psi = new ProcessStartInfo(program) { WorkingDirectory = workspace.Directory };
        foreach (var (k, v) in workspace.Environment)
        {
            psi.Environment[k] = v;
        }

        return psi;
    }

    private string Resolve(string relative) => Path.GetFullPath(Path.Combine(_options.ProjectRoot, relative));

    /// <summary>An argument naming a file of the project (e.g. <c>src/run.sh</c>) becomes its absolute path, since steps start in their working directory.</summary>
    private string ResolveArgument(string argument) =>
        !argument.StartsWith('-') && !Path.IsPathRooted(argument) && argument.Length > 0 && File.Exists(Resolve(argument)) ? Resolve(argument) : argument;

    private string ResolveProgram(string program) =>
        program.Contains('/', StringComparison.Ordinal) && File.Exists(Resolve(program)) ? Resolve(program) : program;

    private sealed class LineWriter(Action<string> onLine) : TextWriter
    {
        private readonly System.Text.StringBuilder _line = new();

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_line)
            {
                if (value == '\n')
                {
                    onLine(_line.ToString().TrimEnd('\r'));
                    _line.Clear();
                }
                else
                {
                    _line.Append(value);
                }
            }
        }

        protected override void Dispose(bool disposing)
        {
            lock (_line)
            {
                if (_line.Length > 0)
                {
                    onLine(_line.ToString());
                    _line.Clear();
                }
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>Where the launcher finds things.</summary>
/// <param name="ProjectRoot">The project's root.</param>
/// <param name="PythonInterpreter">The interpreter of Python steps.</param>
/// <param name="DotnetProject">The project's step assembly, if it has .NET steps.</param>
/// <param name="DotnetInProcess">Run .NET steps in-process unless a step says otherwise.</param>
/// <param name="HostCommand">How to start <c>mlmax</c> itself for <c>exec-step</c> (program, then leading arguments).</param>
public sealed record LauncherOptions(
    string ProjectRoot,
    string PythonInterpreter,
    DotnetStepProject? DotnetProject,
    bool DotnetInProcess,
    IReadOnlyList<string> HostCommand)
{
    /// <summary>Runs predict steps (mlmax's batch scorer); <see langword="null"/> when the host has none.</summary>
    public IBuiltinStep? Predictor { get; init; }
}
