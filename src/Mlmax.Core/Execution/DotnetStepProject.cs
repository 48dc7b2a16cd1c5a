using System.Diagnostics;
using System.Text;

namespace Mlmax.Execution;

/// <summary>The project's step assembly: built once per mlmax process, the first time a .NET step must actually run.</summary>
public sealed class DotnetStepProject
{
    private readonly Lazy<Task<string>> _build;

    /// <summary>Creates the builder.</summary>
    /// <param name="projectFile">The step project's .csproj.</param>
    /// <param name="stepApiDirectory">The folder holding Mlmax.Abstractions.dll (passed as <c>MlmaxHome</c>).</param>
    /// <param name="log">Receives build output lines.</param>
    public DotnetStepProject(string projectFile, string stepApiDirectory, Action<string> log)
    {
        ProjectFile = Path.GetFullPath(projectFile);
        _build = new Lazy<Task<string>>(() => BuildAsync(stepApiDirectory, log));
    }

    private DotnetStepProject(string projectFile, string assembly)
    {
        ProjectFile = Path.GetFullPath(projectFile);
        _build = new Lazy<Task<string>>(() => File.Exists(assembly)
            ? Task.FromResult(assembly)
            : Task.FromException<string>(new FileNotFoundException($"the built step assembly {assembly} does not exist", assembly)));
    }

    /// <summary>A step project built elsewhere (e.g. published into a SageMaker job's code package): its assembly is
    /// used as it is, never built here.</summary>
    /// <param name="projectFile">The step project's .csproj.</param>
    /// <param name="directory">The folder holding the built assembly, named after the project.</param>
    /// <returns>The step project.</returns>
    public static DotnetStepProject Prebuilt(string projectFile, string directory) =>
        new(projectFile, Path.Combine(Path.GetFullPath(directory), Path.GetFileNameWithoutExtension(projectFile) + ".dll"));

    /// <summary>The .csproj.</summary>
    public string ProjectFile { get; }

    /// <summary>The project's directory.</summary>
    public string SourceDirectory => Path.GetDirectoryName(ProjectFile)!;

    /// <summary>Builds the project if not built yet in this process, and returns the assembly's path.</summary>
    /// <returns>The built assembly.</returns>
    public Task<string> GetAssemblyAsync() => _build.Value;

    private static async Task<FileStream> AcquireLockAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(200);
            }
        }
    }

    private async Task<string> BuildAsync(string stepApiDirectory, Action<string> log)
    {
        if (!File.Exists(ProjectFile))
        {
            throw new FileNotFoundException($"the step project {ProjectFile} (dotnet.project in mlmax.yaml) does not exist", ProjectFile);
        }

        var output = Path.Combine(SourceDirectory, "bin", "mlmax");
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = SourceDirectory };
        foreach (var a in new[]
                 {
                     "build", ProjectFile, "-c", "Release", "-o", output, "--nologo", "-v", "quiet", "-clp:NoSummary;ErrorsOnly",
                     $"-p:MlmaxHome={stepApiDirectory}",
                 })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        var lines = new StringBuilder();
        await using var buildLock = await AcquireLockAsync(Path.Combine(SourceDirectory, "obj", "mlmax-build.lock"));
        log($"building {Path.GetFileName(ProjectFile)} (once per mlmax process, when a .NET step must run)");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var code = await ProcessRunner.RunAsync(psi, line => lines.AppendLine(line), CancellationToken.None);
        if (code != 0)
        {
            var errors = lines.ToString().Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal)).Distinct().Take(5);
            throw new InvalidOperationException($"building the step project {ProjectFile} failed (exit {code}): {string.Join(" | ", errors).Trim()}");
        }

        log($"built in {clock.Elapsed.TotalSeconds:0.0}s");
        var assembly = Path.Combine(output, Path.GetFileNameWithoutExtension(ProjectFile) + ".dll");
        return File.Exists(assembly)
            ? assembly
            : throw new FileNotFoundException($"the build of {ProjectFile} produced no {Path.GetFileName(assembly)} (set AssemblyName to the project's name)", assembly);
    }
}
