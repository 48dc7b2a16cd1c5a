using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Mlmax.Artifacts;
using Mlmax.Execution;
using Mlmax.Registry;
using Mlmax.Scoring.Batch;

namespace Mlmax.Scoring.Tests.Batch;

/// <summary>
/// Runs <see cref="PredictStep"/> as a pipeline does: <see cref="TinyBundle"/> with a training schema (x a number, c
/// one of red, green, blue) registered as <c>tiny:1</c> in memory, and a step workspace per run.
/// </summary>
public sealed class PredictStepHarness : IAsyncLifetime, IDisposable
{
    private const string SchemaJson = """
        {
          "columns": [
            { "name": "x", "required": true, "type": "number" },
            { "name": "c", "required": true, "type": "category", "values": ["blue", "green", "red"] }
          ],
          "format_version": 1,
          "label": "label",
          "missing_tokens": ["", "?"]
        }
        """;

    private readonly TinyBundle _bundle = new();
    private readonly ArtifactStore _artifacts = new(new MemoryBlobStore());
    private readonly OneVersionRegistry _registry = new();
    private int _runs;

    /// <summary>Where runs and their files go.</summary>
    public string Root { get; } = Directory.CreateTempSubdirectory("mlmax-predict-").FullName;

    public async Task InitializeAsync()
    {
        var schema = Path.Combine(Root, "schema");
        Directory.CreateDirectory(schema);
        await File.WriteAllTextAsync(Path.Combine(schema, "schema.json"), SchemaJson);
        var components = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = (await _artifacts.IngestDirectoryAsync(Path.Combine(_bundle.Root, "model"), CancellationToken.None)).Id,
            ["schema"] = (await _artifacts.IngestDirectoryAsync(schema, CancellationToken.None)).Id,
            ["transform"] = (await _artifacts.IngestDirectoryAsync(Path.Combine(_bundle.Root, "transform"), CancellationToken.None)).Id,
        };
        var manifest = Path.Combine(Root, "manifest");
        Directory.CreateDirectory(manifest);
        await File.WriteAllTextAsync(
            Path.Combine(manifest, BundleManifest.FileName),
            JsonSerializer.Serialize(new { format = 1, model = "tiny", components = components.ToDictionary(c => c.Key, c => new { artifact = c.Value }) }));
        _registry.Version = new ModelVersionRecord
        {
            Name = "tiny",
            Version = 1,
            BundleArtifact = (await _artifacts.IngestDirectoryAsync(manifest, CancellationToken.None)).Id,
            Components = components,
            RunId = "run",
            CreatedAt = DateTimeOffset.UnixEpoch,
        };
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _bundle.Dispose();
        Directory.Delete(Root, recursive: true);
    }

    /// <summary>Runs the step on copies of <paramref name="data"/> (files) as its data input.</summary>
    /// <param name="parameters">The step's parameters besides <c>model</c>.</param>
    /// <param name="data">The input's files.</param>
    /// <returns>The exit code, the predictions output and the metrics file.</returns>
    public async Task<(int Exit, string Predictions, string Metrics, string Log)> RunAsync(IReadOnlyDictionary<string, object> parameters, params string[] data)
    {
        var directory = Path.Combine(Root, $"run-{Interlocked.Increment(ref _runs)}");
        var all = new Dictionary<string, object>(parameters) { ["model"] = "tiny:1" };
        var workspace = StepWorkspace.Create(directory, "score", "run", Root, ["data"], ["predictions"], all);
        foreach (var file in data)
        {
            File.Copy(file, Path.Combine(workspace.Contract.Inputs["data"], Path.GetFileName(file)));
        }

        var log = new StringBuilder();
        var step = new PredictStep(_registry, _artifacts, Path.Combine(Root, "cache"));
        var exit = await step.RunAsync(workspace, line => log.AppendLine(line), CancellationToken.None);
        return (exit, workspace.Contract.Outputs["predictions"], workspace.Contract.MetricsFile, log.ToString());
    }

    private sealed class MemoryBlobStore : IBlobStore
    {
        private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);

        public string Location => "memory";

        public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => Task.FromResult(_blobs.ContainsKey(key));

        public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
        {
            using var copy = new MemoryStream();
            await content.CopyToAsync(copy, cancellationToken);
            _blobs.TryAdd(key, copy.ToArray());
        }

        public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) =>
            _blobs.TryGetValue(key, out var bytes) ? Task.FromResult<Stream>(new MemoryStream(bytes, writable: false)) : throw new FileNotFoundException(key);

        public Task<string?> QuarantineAsync(string key, CancellationToken cancellationToken)
        {
            _blobs.TryRemove(key, out _);
            return Task.FromResult<string?>(null);
        }
    }

    /// <summary>A registry holding one version: only resolving is needed to run a step.</summary>
    private sealed class OneVersionRegistry : IModelRegistry
    {
        public ModelVersionRecord? Version { get; set; }

        public Task<ModelVersionRecord?> ResolveAsync(ModelReference reference, CancellationToken cancellationToken) =>
            Task.FromResult(Version is { } v && reference.Name == v.Name && reference.Version is null or 1 ? v : null);

        public Task<ModelVersionRecord> RegisterAsync(ModelVersionRecord version, string who, string? why, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<ModelVersionRecord>> ListAsync(string? name, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task MoveAliasAsync(string name, string alias, int? version, int? expectedHolder, RegistryEvent recorded, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task RecordAsync(RegistryEvent recorded, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task ArchiveAsync(string name, int version, RegistryEvent recorded, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<RegistryEvent>> HistoryAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
