namespace Mlmax.Cli.Tests;

/// <summary>A temporary mlmax project directory, deleted on dispose.</summary>
internal sealed class TempProject : IDisposable
{
    public TempProject()
    {
        Root = Path.Combine(Path.GetTempPath(), "mlmax-test-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public void Write(string relative, string content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"));
    }

    public Task<CliResult> RunAsync(params string[] args) => CliProcess.RunAsync(Root, args);

    /// <summary>A project of bash command steps, with mlmax.yaml and the given pipeline.</summary>
    public static TempProject WithPipeline(string name, string yaml)
    {
        var project = new TempProject();
        project.Write("mlmax.yaml", "name: test_project\n");
        project.Write($"pipelines/{name}.yaml", yaml);
        return project;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
