using Mlmax.Registry;

namespace Mlmax.Serving.Models;

/// <summary>Where a server finds model versions and loads them.</summary>
public interface IModelSource
{
    /// <summary>Resolves a reference to the version it names now.</summary>
    /// <param name="reference">The reference (an alias moves between calls).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version, or <see langword="null"/> when nothing matches.</returns>
    Task<ModelVersionRecord?> ResolveAsync(ModelReference reference, CancellationToken cancellationToken);

    /// <summary>Loads a version, verifying its bundle, and checks it scores.</summary>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The loaded model.</returns>
    Task<ServedModel> LoadAsync(ModelVersionRecord version, CancellationToken cancellationToken);
}
