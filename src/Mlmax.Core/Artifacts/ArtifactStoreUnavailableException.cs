namespace Mlmax.Artifacts;

/// <summary>The artifact store cannot be reached or refused the request (network, endpoint, credentials, permissions).</summary>
public sealed class ArtifactStoreUnavailableException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and how to fix it.</param>
    /// <param name="innerException">The backend's error.</param>
    public ArtifactStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and how to fix it.</param>
    public ArtifactStoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ArtifactStoreUnavailableException()
    {
    }
}
