using Mlmax.Artifacts;
using Mlmax.Definitions;
using Mlmax.Execution;
using Mlmax.Specs;
using Mlmax.Stores.Local;
using Mlmax.Stores.Sqlite;

namespace Mlmax.Cli.Internal;

/// <summary>An opened project: its settings, stores and executor context, on the embedded defaults.</summary>
internal sealed class ProjectHost : IAsyncDisposable
{
    public const string ProjectFile = "mlmax.yaml";

    private ProjectHost(string root, ProjectSettings settings, SqliteMetadataStore metadata, ArtifactStore artifacts)
    {
        Root = root;
        Settings = settings;
        Metadata = metadata;
        Artifacts = artifacts;
    }

    public string Root { get; }

    public ProjectSettings Settings { get; }

    public string StateDirectory => Path.Combine(Root, ".mlmax");

    public SqliteMetadataStore Metadata { get; }

    public ArtifactStore Artifacts { get; }

    /// <summary>Finds the project (the directory holding mlmax.yaml, from <paramref name="directory"/> upwards) and opens its stores.</summary>
    public static async Task<ProjectHost> OpenAsync(string? directory, CancellationToken cancellationToken)
    {
        var start = Path.GetFullPath(directory ?? Environment.CurrentDirectory);
        var root = start;
        while (!File.Exists(Path.Combine(root, ProjectFile)))
        {
            root = Path.GetDirectoryName(root)
                ?? throw new UserException($"no {ProjectFile} in {start} or any parent directory: run 'mlmax init DIR --template census' to create a project, or pass --project DIR");
        }

        var settings = new ProjectLoader().Load(Path.Combine(root, ProjectFile));
        var state = Path.Combine(root, ".mlmax");
        WriteSchemas(Path.Combine(state, "schema"));
        var metadata = new SqliteMetadataStore(Path.Combine(state, "mlmax.db"));
        await metadata.MigrateAsync(cancellationToken);
        var artifacts = new ArtifactStore(new LocalBlobStore(Path.Combine(state, "artifacts")), new FileHashCache(Path.Combine(state, "cache", "file-hashes.json")));
        return new ProjectHost(root, settings, metadata, artifacts);
    }

    /// <summary>Loads a pipeline by name (<c>pipelines/NAME.yaml</c>) or path.</summary>
    public PipelineSpec LoadPipeline(string nameOrPath)
    {
        var candidates = new[]
        {
            Path.GetFullPath(nameOrPath),
            Path.Combine(Root, "pipelines", nameOrPath + ".yaml"),
            Path.Combine(Root, "pipelines", nameOrPath + ".yml"),
        };
        var path = candidates.FirstOrDefault(File.Exists);
        if (path is null)
        {
            var known = Directory.Exists(Path.Combine(Root, "pipelines"))
                ? Directory.GetFiles(Path.Combine(Root, "pipelines"), "*.y*ml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToArray()
                : [];
            throw new UserException($"no pipeline '{nameOrPath}' (looked for pipelines/{nameOrPath}.yaml in {Root}); pipelines here: {string.Join(", ", known)}");
        }

        return new PipelineLoader().Load(path);
    }

    /// <summary>The executor context for this project.</summary>
    public ExecutorContext CreateContext(IRunObserver observer, Action<string> buildLog, bool? inProcess = null)
    {
        var dotnet = Settings.DotnetProject is { } p
            ? new DotnetStepProject(Path.Combine(Root, p), AppContext.BaseDirectory, buildLog)
            : null;
        var launcher = new StepLauncher(new LauncherOptions(
            Root,
            Settings.PythonInterpreter ?? "python3",
            dotnet,
            inProcess ?? Settings.DotnetInProcess,
            HostCommand())
        {
            Predictor = new Scoring.Batch.PredictStep(Metadata, Artifacts, Path.Combine(StateDirectory, "tmp", "bundles")),
        });
        return new ExecutorContext(Root, StateDirectory, Artifacts, Metadata, launcher, observer, TimeProvider.System) { Registry = Metadata };
    }

    public ValueTask DisposeAsync() => Metadata.DisposeAsync();

    /// <summary>Keeps the published JSON Schemas beside the project's state, where its YAML files point editors.</summary>
    private static void WriteSchemas(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, text) in DefinitionSchemas.All())
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path) || File.ReadAllText(path) != text)
            {
                File.WriteAllText(path, text);
            }
        }
    }

    /// <summary>How to start this very program again (for steps in their own process).</summary>
    private static IReadOnlyList<string> HostCommand()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        var entry = typeof(ProjectHost).Assembly.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? [process, entry] : [process];
    }
}
