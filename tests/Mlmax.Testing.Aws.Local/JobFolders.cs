namespace Mlmax.Testing.Aws.Local;

/// <summary>The folders of one job: what the container sees as <c>/opt/ml</c>, its <c>/tmp</c> and its home.</summary>
internal sealed class JobFolders : IDisposable
{
    private JobFolders(string root)
    {
        Root = root;
        Directory.CreateDirectory(SageMaker);
        Directory.CreateDirectory(Tmp);
        Directory.CreateDirectory(Home);
    }

    /// <summary>The job's folder.</summary>
    public string Root { get; }

    /// <summary>The container's <c>/opt/ml</c>.</summary>
    public string SageMaker => Path.Combine(Root, "opt-ml");

    /// <summary>The container's <c>/tmp</c>.</summary>
    public string Tmp => Path.Combine(Root, "tmp");

    /// <summary>The container's home folder.</summary>
    public string Home => Path.Combine(Root, "home");

    /// <summary>Creates fresh folders for a job.</summary>
    /// <param name="parent">Where job folders go.</param>
    /// <param name="jobName">The job's name.</param>
    /// <returns>The folders.</returns>
    public static JobFolders Create(string parent, string jobName) =>
        new(Path.Combine(parent, $"{jobName}-{Guid.NewGuid().ToString("N")[..8]}"));

    /// <summary>A container path under <c>/opt/ml</c> as a path of this machine; any other text as it is.</summary>
    /// <param name="containerPath">The path or argument.</param>
    /// <returns>The mapped text.</returns>
    public string Map(string containerPath) =>
        containerPath == ContainerProcess.ContainerRoot || containerPath.StartsWith(ContainerProcess.ContainerRoot + "/", StringComparison.Ordinal)
            ? SageMaker + containerPath[ContainerProcess.ContainerRoot.Length..]
            : containerPath;

    /// <summary>A folder the request names (an input's or output's <c>LocalPath</c>), which must be under <c>/opt/ml</c>.</summary>
    /// <param name="containerPath">The container path.</param>
    /// <returns>The folder on this machine.</returns>
    /// <exception cref="InvalidOperationException">The path is outside <c>/opt/ml</c>.</exception>
    public string Folder(string containerPath) =>
        Map(containerPath) is var mapped && mapped != containerPath
            ? mapped
            : throw new InvalidOperationException($"LocalPath {containerPath} is outside {ContainerProcess.ContainerRoot}, which the stand-in does not map");

    /// <summary>Deletes the folders.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
