using System.Diagnostics;
using System.Text.Json;
using Mlmax.Identity;
using Mlmax.Metadata;
using Mlmax.Specs;

namespace Mlmax.Execution;

/// <summary>What identifies a step's code and environment, and the lineage manifest written beside each run.</summary>
public sealed partial class RunExecutor
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly object _pythonGate = new();
    private (string Version, string Packages)? _pythonIdentity;
    private string? _dotnetPackages;

    /// <summary>The files that identify a step's code: its <c>code:</c> list, or the default for its runner.</summary>
    /// <param name="step">The step.</param>
    /// <returns>Relative paths or globs.</returns>
    public IReadOnlyList<string> CodePatterns(StepSpec step)
    {
        var options = _context.Launcher.Options;
        var patterns = new List<string>(step.Code);
        if (step.Runner is DotnetRunner d && options.DotnetProject is { } project)
        {
            patterns.Add(Path.GetRelativePath(_context.ProjectRoot, project.ProjectFile));
            if (step.Code.Count == 0)
            {
                patterns.AddRange(CodeIdentity.FindDeclaringFiles(_context.ProjectRoot, project.SourceDirectory, d.TypeName));
            }
        }
        else if (step.Code.Count == 0)
        {
            var candidates = step.Runner switch
            {
                PythonRunner p => [p.Script, .. p.Arguments],
                CommandRunner c => c.Command,
                _ => [],
            };
            patterns.AddRange(candidates.Where(a => !a.StartsWith('-') && File.Exists(Path.Combine(_context.ProjectRoot, a))));
        }

        return patterns;
    }

    private SortedDictionary<string, string> EnvironmentFor(StepSpec step)
    {
        var env = EnvironmentInfo.ForCache();
        if (step.Runner is PythonRunner)
        {
            var (version, packages) = PythonIdentity();
            env["python"] = $"{_context.Launcher.Options.PythonInterpreter} {version}";
            env["python_packages"] = packages;
        }

        else if (step.Runner is DotnetRunner && _context.Launcher.Options.DotnetProject is { } project)
        {
            env["dotnet_packages"] = _dotnetPackages ??= PackageReferences(project.ProjectFile);
        }

        return env;
    }

    /// <summary>The step project's package references (<c>Name Version</c>, sorted), read from its project file.</summary>
    private static string PackageReferences(string projectFile)
    {
        try
        {
            var xml = System.Xml.Linq.XDocument.Load(projectFile);
            var packages = xml.Descendants().Where(e => e.Name.LocalName == "PackageReference")
                .Select(e => $"{(string?)e.Attribute("Include")} {(string?)e.Attribute("Version") ?? (string?)e.Element(e.Name.Namespace + "Version")}".Trim())
                .Order(StringComparer.Ordinal);
            return string.Join(", ", packages);
        }
        catch (System.Xml.XmlException e)
        {
            return $"unreadable: {e.Message}";
        }
    }

    /// <summary>The interpreter's version and a digest of every installed distribution (name==version), asked once per run.</summary>
    private (string Version, string Packages) PythonIdentity()
    {
        lock (_pythonGate)
        {
            _pythonIdentity ??= QueryPython(_context.Launcher.Options.PythonInterpreter);
            return _pythonIdentity.Value;
        }
    }

    private static (string Version, string Packages) QueryPython(string interpreter)
    {
        const string Script = "import sys, importlib.metadata as m\n"
            + "print('Python ' + sys.version.split()[0])\n"
            + "print('\\n'.join(sorted({(d.metadata['Name'] or '?') + '==' + d.version for d in m.distributions()})))";
        try
        {
            var psi = new ProcessStartInfo(interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(Script);
            using var p = Process.Start(psi)!;
            var lines = p.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 && lines.Length > 0
                ? (lines[0].Trim(), $"{lines.Length - 1} distributions, sha256 {Hashing.Sha256(string.Join('\n', lines.Skip(1)))[..16]}")
                : ("unknown", "unknown");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return ("not found", "not found");
        }
    }

    private async Task WriteLineageManifestAsync(RunPlan plan, RunRecord run, IEnumerable<StepRunRecord> steps)
    {
        var manifest = new
        {
            run = run.Id,
            pipeline = run.Pipeline,
            status = run.Status.ToString(),
            definition_version = run.DefinitionVersion,
            started_at = run.StartedAt,
            ended_at = run.EndedAt,
            parameters = plan.Parameters,
            inputs = plan.Inputs,
            environment = JsonSerializer.Deserialize<JsonElement>(run.EnvironmentJson),
            steps = steps.Select(s => new
            {
                step = s.Step,
                status = s.Status.ToString(),
                reused_from = s.ReusedFrom,
                cache_key = s.CacheKey,
                identity = s.CacheKeyPartsJson is null ? (JsonElement?)null : JsonSerializer.Deserialize<JsonElement>(s.CacheKeyPartsJson),
                inputs = s.Inputs,
                outputs = s.Outputs,
                metrics = s.Metrics,
                error = s.Error,
            }),
            definition = JsonSerializer.Deserialize<JsonElement>(plan.DefinitionJson),
        };
        var path = Path.Combine(_context.RunDirectory(run.Id), "lineage.json");
        var temp = path + $".{Environment.ProcessId}.tmp";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(manifest, Indented));
        File.Move(temp, path, overwrite: true);
    }
}
