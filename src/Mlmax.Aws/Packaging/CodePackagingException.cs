namespace Mlmax.Aws.Packaging;

/// <summary>The code packages of a compiled pipeline cannot be built; the message says why and what to do.</summary>
public sealed class CodePackagingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CodePackagingException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public CodePackagingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public CodePackagingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
