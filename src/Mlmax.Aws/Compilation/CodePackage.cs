using System.Security.Cryptography;
using System.Text;
using Mlmax.Definitions;
using Mlmax.Identity;
using Mlmax.Specs;

namespace Mlmax.Aws.Compilation;

/// <summary>
/// The code a pipeline's jobs run, uploaded once per version under <c>code/VERSION/</c> of the project's prefix and
/// given to every job as its <see cref="ContainerLayout.CodeInput"/> input: the bootstrap script, mlmax itself for
/// Linux, the project's files (definitions and step code), and the built .NET steps.
/// </summary>
public static class CodePackage
{
    /// <summary>The script every job starts: unpacks the packages and runs <c>mlmax aws container</c>.</summary>
    public const string Bootstrap = "bootstrap.sh";

    /// <summary>mlmax for linux-x64, self-contained: no .NET needed in the image.</summary>
    public const string Runtime = "runtime.tar.gz";

    /// <summary>The project's files the pipeline needs.</summary>
    public const string Project = "project.tar.gz";

    /// <summary>The .NET step assembly, published for linux-x64.</summary>
    public const string Steps = "steps.tar.gz";

    private static readonly string[] BuildFiles = ["Directory.Build.props", "Directory.Packages.props", "Directory.Build.targets", "global.json", "NuGet.config"];

    /// <summary>The bootstrap script's text (a fixed text: the packages' names are fixed).</summary>
    public static string BootstrapScript { get; } = string.Join('\n',
        "#!/bin/sh",
        "# Starts an mlmax step in a SageMaker job: unpacks mlmax, the project and its built steps, then runs",
        "# `mlmax aws container ARGS`, which lays out the step contract from the job's folders and runs the step.",
        "set -eu",
        "code=\"$(cd \"$(dirname \"$0\")\" && pwd)\"",
        "root=\"${MLMAX_CONTAINER_ROOT:-/tmp/mlmax}\"",
        "mkdir -p \"$root/runtime\" \"$root/project\"",
        $"tar -xzf \"$code/{Runtime}\" -C \"$root/runtime\"",
        $"tar -xzf \"$code/{Project}\" -C \"$root/project\"",
        $"if [ -f \"$code/{Steps}\" ]; then",
        "  mkdir -p \"$root/steps\"",
        $"  tar -xzf \"$code/{Steps}\" -C \"$root/steps\"",
        "  export MLMAX_PREBUILT_STEPS=\"$root/steps\"",
        "fi",
        "cd \"$root/project\"",
        "exec \"$root/runtime/mlmax\" \"$@\"",
        string.Empty);

    /// <summary>The project files a pipeline's jobs need, with their content hashes.</summary>
    /// <param name="projectRoot">The project's root.</param>
    /// <param name="settings">The project's settings.</param>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="definitionFile">The pipeline's definition file, relative to the root.</param>
    /// <returns>Relative path (with <c>/</c>) to SHA-256, sorted.</returns>
    public static SortedDictionary<string, string> ProjectFiles(string projectRoot, ProjectSettings settings, PipelineSpec pipeline, string definitionFile)
    {
        var patterns = new List<string> { "mlmax.yaml", definitionFile.Replace('\\', '/') };
        foreach (var step in pipeline.Steps)
        {
            patterns.AddRange(step.Code);
            switch (step.Runner)
            {
                case PythonRunner p when step.Code.Count == 0:
                    patterns.Add(p.Script);
                    patterns.AddRange(p.Arguments.Where(a => !a.StartsWith('-') && File.Exists(Path.Combine(projectRoot, a))));
                    break;
                case CommandRunner c when step.Code.Count == 0:
                    patterns.AddRange(c.Command.Where(a => !a.StartsWith('-') && File.Exists(Path.Combine(projectRoot, a))));
                    break;
            }
        }

        if (pipeline.Steps.Any(s => s.Runner is DotnetRunner) && settings.DotnetProject is { } project)
        {
            // The whole step project: the packages are built from it.
            var directory = Path.GetDirectoryName(project.Replace('\\', '/')) is { Length: > 0 } d ? d + "/" : string.Empty;
            patterns.Add($"{directory}**/*.cs");
            patterns.Add(project);
            patterns.AddRange(BuildFiles.Where(f => File.Exists(Path.Combine(projectRoot, f))));
        }

        return CodeIdentity.Hash(projectRoot, patterns.Distinct(StringComparer.Ordinal));
    }

    /// <summary>The code version: a digest of everything the packages are made from, so a change to any of it
    /// uploads a new version and an unchanged project keeps its version.</summary>
    /// <param name="files">The project files and their hashes.</param>
    /// <param name="mlmaxVersion">mlmax's version.</param>
    /// <returns>16 hex digits.</returns>
    public static string Version(IReadOnlyDictionary<string, string> files, string mlmaxVersion)
    {
        var text = new StringBuilder().Append("mlmax ").Append(mlmaxVersion).Append('\n');
        text.Append(Bootstrap).Append(' ').Append(Hashing.Sha256(BootstrapScript)).Append('\n');
        foreach (var (path, hash) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            text.Append(path).Append(' ').Append(hash).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
