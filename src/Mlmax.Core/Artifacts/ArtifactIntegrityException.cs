namespace Mlmax.Artifacts;

/// <summary>An artifact's bytes do not match its recorded hash: it was tampered with or truncated. Nothing was loaded.</summary>
public sealed class ArtifactIntegrityException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed to verify.</param>
    public ArtifactIntegrityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ArtifactIntegrityException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public ArtifactIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
