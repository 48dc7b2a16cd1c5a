namespace Mlmax.Registry;

/// <summary>
/// Model versions, aliases and the record of every decision. The embedded default lives in the SQLite metadata
/// database; each call is one transaction, so an alias always moves atomically.
/// </summary>
public interface IModelRegistry
{
    /// <summary>Registers a new version (numbered next for its model) and records the event.</summary>
    /// <param name="version">The version; its <see cref="ModelVersionRecord.Version"/> is ignored and assigned.</param>
    /// <param name="who">The user.</param>
    /// <param name="why">The reason.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version as registered.</returns>
    Task<ModelVersionRecord> RegisterAsync(ModelVersionRecord version, string who, string? why, CancellationToken cancellationToken);

    /// <summary>Lists the versions of a model (or of all models), newest first.</summary>
    /// <param name="name">The model, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The versions, with their aliases.</returns>
    Task<IReadOnlyList<ModelVersionRecord>> ListAsync(string? name, CancellationToken cancellationToken);

    /// <summary>Resolves a reference to a version.</summary>
    /// <param name="reference">The reference.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version, or <see langword="null"/> when nothing matches.</returns>
    Task<ModelVersionRecord?> ResolveAsync(ModelReference reference, CancellationToken cancellationToken);

    /// <summary>Points an alias at a version (or records a rejection), atomically, with the event.</summary>
    /// <param name="name">The model.</param>
    /// <param name="alias">The alias.</param>
    /// <param name="version">The version it moves to; <see langword="null"/> removes the alias.</param>
    /// <param name="expectedHolder">The version the caller saw holding the alias; the move fails if it changed meanwhile.</param>
    /// <param name="recorded">The event to record (its versions are filled in).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    /// <exception cref="InvalidOperationException">The alias changed since the caller looked.</exception>
    Task MoveAliasAsync(string name, string alias, int? version, int? expectedHolder, RegistryEvent recorded, CancellationToken cancellationToken);

    /// <summary>Records an event without moving anything (e.g. a rejected promotion).</summary>
    /// <param name="recorded">The event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task RecordAsync(RegistryEvent recorded, CancellationToken cancellationToken);

    /// <summary>Archives a version; it must hold no alias.</summary>
    /// <param name="name">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="recorded">The event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task ArchiveAsync(string name, int version, RegistryEvent recorded, CancellationToken cancellationToken);

    /// <summary>The events of a model, oldest first.</summary>
    /// <param name="name">The model.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The events.</returns>
    Task<IReadOnlyList<RegistryEvent>> HistoryAsync(string name, CancellationToken cancellationToken);
}
