using Mlmax.Artifacts;
using Mlmax.Definitions;
using Mlmax.Execution;
using Mlmax.Metadata;
using Mlmax.Registry;
using Mlmax.Specs;

namespace Mlmax.Cli.Internal;

/// <summary>
/// An opened project: its settings, stores and executor context (metadata in SQLite or PostgreSQL, see
/// <see cref="MetadataStores"/>; artifacts on local disk or in S3, see <see cref="ArtifactStores"/>).
/// </summary>
internal sealed class ProjectHost : IAsyncDisposable
{
    public const string ProjectFile = "mlmax.yaml";

    private ProjectHost(string root, ProjectSettings settings, IMetadataStore metadata, IModelRegistry registry, ArtifactStore artifacts)
    {
        Root = root;
        Settings = settings;
        Metadata = metadata;
        Registry = registry;
        Artifacts = artifacts;
    }

    public string Root { get; }

    public ProjectSettings Settings { get; }

    public string StateDirectory => Path.Combine(Root, ".mlmax");

    public IMetadataStore Metadata { get; }

    /// <summary>The model registry: the same store as <see cref="Metadata"/>.</summary>
    public IModelRegistry Registry { get; }

    public ArtifactStore Artifacts { get; }

    /// <summary>
    /// Reads <c>s3://</c> input bindings with the S3 settings of the environment (as the S3 artifact store and S3 watches
    /// do); its client is made when a binding first needs it.
    /// </summary>
    public Mlmax.Stores.S3.S3Inputs RemoteInputs { get; } = new();

    /// <summary>Finds the project (the directory holding mlmax.yaml, from <paramref name="directory"/> upwards) and opens its stores.</summary>
    public static async Task<ProjectHost> OpenAsync(string? directory, CancellationToken cancellationToken)
    {
        var root = FindRoot(directory) ?? throw new UserException(NoProjectMessage(directory));
        var settings = new ProjectLoader().Load(Path.Combine(root, ProjectFile));
        var state = Path.Combine(root, ".mlmax");
        WriteSchemas(Path.Combine(state, "schema"));
        var blobs = ArtifactStores.Create(ArtifactStores.Configured(settings.Artifacts), state);
        IMetadataStore? metadata = null;
        IModelRegistry registry;
        try
        {
            (metadata, registry) = MetadataStores.Create(MetadataStores.Configured(settings.Metadata), state);
            try
            {
                await metadata.MigrateAsync(cancellationToken);
            }
            catch (System.Data.Common.DbException e) when (metadata is Mlmax.Stores.Postgres.PostgresMetadataStore postgres)
            {
                throw new UserException(
                    $"metadata store {postgres.Description}: {e.Message}; check that the database server runs and accepts connections from this machine, "
                    + $"and the URL in {MetadataStores.EnvironmentVariable} or metadata: in {ProjectFile}");
            }
        }
        catch
        {
            if (metadata is not null)
            {
                await metadata.DisposeAsync();
            }

            (blobs as IDisposable)?.Dispose();
            throw;
        }

        var artifacts = new ArtifactStore(blobs, new FileHashCache(Path.Combine(state, "cache", "file-hashes.json")));
        return new ProjectHost(root, settings, metadata, registry, artifacts);
    }

    /// <summary>The project's root: the directory holding mlmax.yaml, from <paramref name="directory"/> (default: the current one) upwards.</summary>
    /// <returns>The root, or <see langword="null"/> when no directory up to the file system's root holds a project.</returns>
    public static string? FindRoot(string? directory)
    {
        for (var root = Path.GetFullPath(directory ?? Environment.CurrentDirectory); root is not null; root = Path.GetDirectoryName(root))
        {
            if (File.Exists(Path.Combine(root, ProjectFile)))
            {
                return root;
            }
        }

        return null;
    }

    /// <summary>The project's root, or a <see cref="UserException"/> saying how to create one.</summary>
    public static string RequireRoot(string? directory) => FindRoot(directory) ?? throw new UserException(NoProjectMessage(directory));

    /// <summary>What to do when <see cref="FindRoot"/> finds no project.</summary>
    public static string NoProjectMessage(string? directory) =>
        $"no {ProjectFile} in {Path.GetFullPath(directory ?? Environment.CurrentDirectory)} or any parent directory: run 'mlmax init DIR --template census' to create a project, or pass --project DIR";

    /// <summary>Loads a pipeline by name (<c>pipelines/NAME.yaml</c>) or path.</summary>
    public PipelineSpec LoadPipeline(string nameOrPath) => new PipelineLoader().Load(PipelinePath(Root, nameOrPath));

    /// <summary>The definition file of a pipeline given by name (<c>pipelines/NAME.yaml</c>) or path.</summary>
    public static string PipelinePath(string root, string nameOrPath)
    {
        var candidates = new[]
        {
            Path.GetFullPath(nameOrPath),
            Path.Combine(root, "pipelines", nameOrPath + ".yaml"),
            Path.Combine(root, "pipelines", nameOrPath + ".yml"),
        };
        var path = candidates.FirstOrDefault(File.Exists);
        if (path is null)
        {
            var known = Directory.Exists(Path.Combine(root, "pipelines"))
                ? Directory.GetFiles(Path.Combine(root, "pipelines"), "*.y*ml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToArray()
                : [];
            throw new UserException($"no pipeline '{nameOrPath}' (looked for pipelines/{nameOrPath}.yaml in {root}); pipelines here: {string.Join(", ", known)}");
        }

        return path;
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
            Predictor = new Scoring.Batch.PredictStep(Registry, Artifacts, Path.Combine(StateDirectory, "tmp", "bundles")),
        });
        return new ExecutorContext(Root, StateDirectory, Artifacts, Metadata, launcher, observer, TimeProvider.System) { Registry = Registry, RemoteInputs = RemoteInputs };
    }

    /// <summary>Which stores this project uses, safe to print (no password): e.g. <c>metadata sqlite (.mlmax/mlmax.db), artifacts s3://bucket/prefix</c>.</summary>
    public string StoresDescription() =>
        $"metadata {MetadataStores.Describe(Metadata)}, artifacts {ArtifactStores.Describe(ArtifactStores.Configured(Settings.Artifacts))}";

    /// <summary>The executor <c>run</c> uses: the option, else <c>MLMAX_EXECUTOR</c>, else <c>executor:</c> in mlmax.yaml, else local.</summary>
    public string Executor(string? option) => ChooseExecutor(option, Settings);

    /// <summary>The executor <c>run</c> uses in a project with <paramref name="settings"/> (see <see cref="Executor"/>).</summary>
    public static string ChooseExecutor(string? option, ProjectSettings settings)
    {
        var chosen = option ?? (Environment.GetEnvironmentVariable("MLMAX_EXECUTOR") is { Length: > 0 } e ? e.Trim() : null) ?? settings.Executor ?? "local";
        return chosen is "local" or "hangfire"
            ? chosen
            : throw new UserException($"unknown executor '{chosen}': use local (this machine) or hangfire (the worker fleet)");
    }

    /// <summary>Opens the worker fleet's job queue, which lives in the PostgreSQL metadata database.</summary>
    public Fleet.FleetConnection OpenFleet(Fleet.FleetOptions options) => OpenFleet(Settings, options);

    /// <summary>Opens the job queue of the fleet of a project with <paramref name="settings"/> (see <see cref="OpenFleet(Fleet.FleetOptions)"/>).</summary>
    public static Fleet.FleetConnection OpenFleet(ProjectSettings settings, Fleet.FleetOptions options)
    {
        var configured = MetadataStores.Configured(settings.Metadata);
        if (configured is null or "sqlite")
        {
            throw new UserException(
                "the worker fleet keeps its job queue in the PostgreSQL metadata database, and this project's metadata is in SQLite: "
                + $"set {MetadataStores.EnvironmentVariable}=postgres://USER:PASSWORD@HOST:PORT/DATABASE (or metadata: in {ProjectFile}) on every machine of the fleet (see docs/fleet.md)");
        }

        try
        {
            return Fleet.FleetConnection.Open(configured, options);
        }
        catch (FormatException e)
        {
            throw new UserException($"metadata store: {e.Message}");
        }
    }

    /// <summary>Why artifacts on this machine's disk limit a fleet to this machine, or <see langword="null"/> when they are shared.</summary>
    public string? LocalArtifactsWarning() =>
        Artifacts.Blobs is Mlmax.Stores.Local.LocalBlobStore
            ? $"artifacts are on this machine's disk ({Path.Combine(StateDirectory, "artifacts")}): only workers in this project folder can read them; share them with {ArtifactStores.EnvironmentVariable}=s3://BUCKET/PREFIX"
            : null;

    public async ValueTask DisposeAsync()
    {
        (Artifacts.Blobs as IDisposable)?.Dispose();
        RemoteInputs.Dispose();
        await Metadata.DisposeAsync();
    }

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
    /// <summary>How to start this mlmax again (program, then leading arguments).</summary>
    public static IReadOnlyList<string> HostCommand()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        var entry = typeof(ProjectHost).Assembly.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? [process, entry] : [process];
    }
}
