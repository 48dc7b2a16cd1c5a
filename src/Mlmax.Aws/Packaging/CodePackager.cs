using System.Text;
using Mlmax.Aws.Compilation;
using Mlmax.Definitions;

namespace Mlmax.Aws.Packaging;

/// <summary>
/// Builds the code packages of a compiled pipeline, the files every job's <see cref="ContainerLayout.CodeInput"/>
/// input holds: <c>bootstrap.sh</c>, <c>project.tar.gz</c> (exactly the manifest's project files, checked against
/// their hashes), <c>steps.tar.gz</c> (the step project published for linux-x64, when the pipeline has .NET steps) and
/// <c>runtime.tar.gz</c> (the running mlmax with its .NET runtime). The same files give the same
/// <c>project.tar.gz</c>, byte for byte.
/// </summary>
public sealed class CodePackager
{
    private readonly string _projectRoot;
    private readonly ProjectSettings _settings;
    private readonly Action<string> _log;

    /// <summary>Creates a packager for a project.</summary>
    /// <param name="projectRoot">The project's root folder.</param>
    /// <param name="settings">Its settings (<c>mlmax.yaml</c>).</param>
    /// <param name="log">Receives progress lines.</param>
    public CodePackager(string projectRoot, ProjectSettings settings, Action<string> log)
    {
        _projectRoot = Path.GetFullPath(projectRoot);
        _settings = settings;
        _log = log;
        RuntimeCacheDirectory = Path.Combine(_projectRoot, ".mlmax", "aws", "runtime");
    }

    /// <summary>Where built runtime packages are kept, one per mlmax build and .NET runtime version.</summary>
    /// <value>The project's <c>.mlmax/aws/runtime</c>.</value>
    public string RuntimeCacheDirectory { get; init; }

    /// <summary>Builds the packages into <paramref name="directory"/>.</summary>
    /// <param name="compiled">The compiled pipeline (its manifest lists the packages and the project files).</param>
    /// <param name="directory">Where the packages go (created if missing).</param>
    /// <param name="cancellationToken">Stops the build.</param>
    /// <returns>Package name (e.g. <c>runtime.tar.gz</c>) to file path.</returns>
    /// <exception cref="CodePackagingException">A project file changed since compile, the step project does not build,
    /// or this machine cannot make the runtime package (it must be linux-x64).</exception>
    public async Task<IReadOnlyDictionary<string, string>> BuildAsync(CompiledPipeline compiled, string directory, CancellationToken cancellationToken)
    {
        var manifest = compiled.Manifest;
        var project = manifest.Packages.FirstOrDefault(p => p.Name == CodePackage.Project)?.Files
            ?? throw new CodePackagingException($"the manifest of {manifest.Pipeline} lists no {CodePackage.Project}");
        Directory.CreateDirectory(directory);
        var built = new SortedDictionary<string, string>(StringComparer.Ordinal);

        var bootstrap = Path.Combine(directory, CodePackage.Bootstrap);
        await File.WriteAllTextAsync(bootstrap, CodePackage.BootstrapScript, new UTF8Encoding(false), cancellationToken);
        built[CodePackage.Bootstrap] = bootstrap;

        var sources = ProjectArchive.Read(_projectRoot, project);
        built[CodePackage.Project] = await WriteAsync(directory, CodePackage.Project, sources, cancellationToken);
        _log($"{CodePackage.Project}: {sources.Count} project files");

        if (manifest.Packages.Any(p => p.Name == CodePackage.Steps))
        {
            built[CodePackage.Steps] = await BuildStepsAsync(sources, directory, cancellationToken);
        }

        var runtime = await RuntimePackage.GetAsync(RuntimeCacheDirectory, _log, cancellationToken);
        var runtimeTarget = Path.Combine(directory, CodePackage.Runtime);
        File.Copy(runtime, runtimeTarget, overwrite: true);
        built[CodePackage.Runtime] = runtimeTarget;
        return built;
    }

    private async Task<string> BuildStepsAsync(IReadOnlyList<ArchiveFile> sources, string directory, CancellationToken cancellationToken)
    {
        var projectFile = _settings.DotnetProject
            ?? throw new CodePackagingException("the pipeline has .NET steps but mlmax.yaml names no dotnet.project");
        var work = Path.Combine(Path.GetTempPath(), "mlmax-publish-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var published = await StepsPublisher.PublishAsync(sources, projectFile, work, _log, cancellationToken);
            var files = Directory.EnumerateFiles(published, "*", SearchOption.AllDirectories)
                .Select(f => ArchiveFile.FromDisk(Path.GetRelativePath(published, f).Replace('\\', '/'), f));
            return await WriteAsync(directory, CodePackage.Steps, files, cancellationToken);
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static async Task<string> WriteAsync(string directory, string name, IEnumerable<ArchiveFile> files, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, name);
        await TarGzWriter.WriteAsync(path, files, cancellationToken);
        return path;
    }
}
