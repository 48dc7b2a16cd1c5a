using System.Text.Json;

namespace Mlmax.Registry;

/// <summary>
/// The registry of one exported model version (<see cref="ModelExport"/>): it resolves the version's name, its
/// <c>NAME:VERSION</c> and any alias to that version, and refuses every change.
/// </summary>
public sealed class ExportedModelRegistry : IModelRegistry
{
    private readonly ModelVersionRecord _version;

    private ExportedModelRegistry(ModelVersionRecord version) => _version = version;

    /// <summary>Reads an export's record.</summary>
    /// <param name="directory">The export's folder.</param>
    /// <returns>The registry.</returns>
    /// <exception cref="FileNotFoundException">The folder holds no export.</exception>
    public static ExportedModelRegistry Load(string directory)
    {
        var path = Path.Combine(directory, ModelExport.VersionFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{directory} holds no exported model version ({ModelExport.VersionFile} is missing)", path);
        }

        var version = JsonSerializer.Deserialize<ModelVersionRecord>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path} is empty");
        return new ExportedModelRegistry(version);
    }

    /// <summary>The exported version.</summary>
    public ModelVersionRecord Version => _version;

    /// <inheritdoc/>
    public Task<ModelVersionRecord?> ResolveAsync(ModelReference reference, CancellationToken cancellationToken) =>
        Task.FromResult(reference.Name == _version.Name && (reference.Version is null || reference.Version == _version.Version) ? _version : null);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ModelVersionRecord>> ListAsync(string? name, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ModelVersionRecord>>(name is null || name == _version.Name ? [_version] : []);

    /// <inheritdoc/>
    public Task<IReadOnlyList<RegistryEvent>> HistoryAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RegistryEvent>>([]);

    /// <inheritdoc/>
    public Task<ModelVersionRecord> RegisterAsync(ModelVersionRecord version, string who, string? why, CancellationToken cancellationToken) => throw ReadOnly();

    /// <inheritdoc/>
    public Task MoveAliasAsync(string name, string alias, int? version, int? expectedHolder, RegistryEvent recorded, CancellationToken cancellationToken) => throw ReadOnly();

    /// <inheritdoc/>
    public Task RecordAsync(RegistryEvent recorded, CancellationToken cancellationToken) => throw ReadOnly();

    /// <inheritdoc/>
    public Task ArchiveAsync(string name, int version, RegistryEvent recorded, CancellationToken cancellationToken) => throw ReadOnly();

    private NotSupportedException ReadOnly() => new($"the exported model version {_version.Reference} is read-only: change the registry of the project it came from");
}
