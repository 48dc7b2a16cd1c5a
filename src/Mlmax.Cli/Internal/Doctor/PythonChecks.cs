using Mlmax.Definitions;
using Mlmax.Specs;

namespace Mlmax.Cli.Internal.Doctor;

/// <summary>The interpreter of a project's Python steps, and whether the modules of its <c>requirements.txt</c> import.</summary>
internal static class PythonChecks
{
    private const string Requirements = "requirements.txt";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>Tries each module in one interpreter and prints those that do not import.</summary>
    private const string ImportScript = """
        import importlib, sys
        for name in sys.argv[1:]:
            try:
                importlib.import_module(name)
            except BaseException:
                print("mlmax-missing " + name)
        """;

    public static bool HasPythonSteps(IEnumerable<PipelineSpec> pipelines) => pipelines.Any(p => p.Steps.Any(s => s.Runner is PythonRunner));

    public static async Task<IReadOnlyList<DoctorCheck>> CheckAsync(string root, ProjectSettings settings, CancellationToken cancellationToken)
    {
        var interpreter = settings.PythonInterpreter ?? "python3";
        var result = await ToolProcess.RunAsync(interpreter, ["-c", "import sys; print('Python ' + sys.version.split()[0])"], root, Timeout, cancellationToken);
        var version = result.Lines.LastOrDefault(l => l.StartsWith("Python ", StringComparison.Ordinal))?.Trim();
        if (result.Error is not null || result.ExitCode != 0 || version is null)
        {
            return [DoctorCheck.Fail("python", $"{result.Error ?? $"'{interpreter}' failed: {result.LastLine}"}; install Python 3, or set python: {{ interpreter: PATH }} in mlmax.yaml")];
        }

        if (!version.StartsWith("Python 3", StringComparison.Ordinal))
        {
            return [DoctorCheck.Fail("python", $"{interpreter} is {version}: Python steps need Python 3; set python: {{ interpreter: PATH }} in mlmax.yaml")];
        }

        var checks = new List<DoctorCheck> { DoctorCheck.Ok("python", $"{version} ({interpreter})") };
        var file = Path.Combine(root, Requirements);
        if (File.Exists(file))
        {
            checks.Add(await RequirementsAsync(root, interpreter, PythonRequirements.Read(File.ReadLines(file)), cancellationToken));
        }

        return checks;
    }

    private static async Task<DoctorCheck> RequirementsAsync(
        string root, string interpreter, IReadOnlyList<(string Requirement, string Module)> requirements, CancellationToken cancellationToken)
    {
        const string Name = "python packages";
        if (requirements.Count == 0)
        {
            return DoctorCheck.Ok(Name, $"{Requirements} names no package");
        }

        var result = await ToolProcess.RunAsync(interpreter, ["-c", ImportScript, .. requirements.Select(r => r.Module)], root, Timeout, cancellationToken);
        if (result.Error is { } error)
        {
            return DoctorCheck.Warn(Name, $"{Requirements}: {error}");
        }

        var missing = result.Lines.Where(l => l.StartsWith("mlmax-missing ", StringComparison.Ordinal)).Select(l => l["mlmax-missing ".Length..].Trim()).ToHashSet(StringComparer.Ordinal);
        if (missing.Count == 0)
        {
            return DoctorCheck.Ok(Name, $"the {requirements.Count} modules of {Requirements} import");
        }

        var names = requirements.Where(r => missing.Contains(r.Module))
            .Select(r => string.Equals(r.Requirement.Replace('-', '_'), r.Module, StringComparison.OrdinalIgnoreCase) ? r.Module : $"{r.Module} ({r.Requirement})");
        var verb = missing.Count == 1 ? "does" : "do";
        return DoctorCheck.Warn(Name, $"{Requirements}: {string.Join(", ", names)} {verb} not import with {interpreter}: {interpreter} -m pip install -r {Requirements}");
    }
}
