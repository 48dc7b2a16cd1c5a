using System.Diagnostics;
using System.Text;
using Mlmax.Execution;

namespace Mlmax.Aws.Packaging;

/// <summary>
/// The steps package's content: the step project published for linux-x64 (framework-dependent: mlmax brings the
/// runtime), built from a copy of the project package's files so the jobs run what was packed, not what else lies in
/// the project folder. Like <see cref="DotnetStepProject"/>, it passes <c>MlmaxHome</c>, the folder of the step API.
/// </summary>
internal static class StepsPublisher
{
    /// <summary>Publishes the step project.</summary>
    /// <param name="sources">The project package's files.</param>
    /// <param name="projectFile">The step project, relative to the project root (<c>dotnet.project</c>).</param>
    /// <param name="work">An empty folder to build in.</param>
    /// <param name="log">Receives progress lines.</param>
    /// <param name="cancellationToken">Stops the build.</param>
    /// <returns>The folder holding the published step assembly and its dependencies.</returns>
    /// <exception cref="CodePackagingException">The build failed.</exception>
    public static async Task<string> PublishAsync(IReadOnlyList<ArchiveFile> sources, string projectFile, string work, Action<string> log, CancellationToken cancellationToken)
    {
        var sourceRoot = Path.Combine(work, "src");
        foreach (var file in sources)
        {
            var target = Path.Combine(sourceRoot, file.Name.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await using var content = file.Content();
            await using var output = File.Create(target);
            await content.CopyToAsync(output, cancellationToken);
        }

        var project = Path.Combine(sourceRoot, projectFile.Replace('\\', '/').Replace('/', Path.DirectorySeparatorChar));
        if (!File.Exists(project))
        {
            throw new CodePackagingException($"the step project {projectFile} (dotnet.project in mlmax.yaml) is not among the project package's files");
        }

        var published = Path.Combine(work, "publish");
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(project)! };
        foreach (var a in new[]
                 {
                     "publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-p:UseAppHost=false",
                     "-o", published, "--nologo", "-v", "quiet", "-clp:NoSummary;ErrorsOnly",
                     $"-p:MlmaxHome={Path.GetDirectoryName(typeof(Steps.IStep).Assembly.Location)}",
                 })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        log($"publishing {projectFile} for linux-x64");
        var clock = Stopwatch.StartNew();
        var lines = new StringBuilder();
        var code = await ProcessRunner.RunAsync(psi, line => lines.AppendLine(line), cancellationToken);
        if (code != 0)
        {
            var errors = lines.ToString().Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal)).Distinct().Take(5);
            throw new CodePackagingException($"publishing the step project {projectFile} failed (exit {code}): {string.Join(" | ", errors).Trim()}");
        }

        var assembly = Path.Combine(published, Path.GetFileNameWithoutExtension(project) + ".dll");
        log($"published in {clock.Elapsed.TotalSeconds:0.0}s");
        return File.Exists(assembly)
            ? published
            : throw new CodePackagingException($"publishing {projectFile} produced no {Path.GetFileName(assembly)} (set AssemblyName to the project's name)");
    }
}
