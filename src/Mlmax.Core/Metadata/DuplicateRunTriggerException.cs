namespace Mlmax.Metadata;

/// <summary>A run was recorded with a <see cref="RunTrigger"/> whose key another run already has: that slot or file already started its run.</summary>
public sealed class DuplicateRunTriggerException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public DuplicateRunTriggerException()
        : base("another run has the same trigger")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public DuplicateRunTriggerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception for a trigger key.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The store's error.</param>
    public DuplicateRunTriggerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
