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
    private string? _pythonVersionText;

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
            env["python"] = $"{_context.Launcher.Options.PythonInterpreter} {PythonVersion()}";
        }

        return env;
    }

    private string PythonVersion()
    {
        lock (_pythonGate)
        {
            _pythonVersionText ??= QueryPythonVersion(_context.Launcher.Options.PythonInterpreter);
            return _pythonVersionText;
        }
    }

    private static string QueryPythonVersion(string interpreter)
    {
        try
        {
            var psi = new ProcessStartInfo(interpreter, "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var text = (p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd()).Trim();
            p.WaitForExit();
            return text;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not found";
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
