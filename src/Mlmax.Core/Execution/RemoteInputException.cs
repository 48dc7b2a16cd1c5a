namespace Mlmax.Execution;

/// <summary>Remote data named by an input binding cannot be read; the message names the URL and how to fix it.</summary>
public sealed class RemoteInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RemoteInputException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the URL, and how to fix it.</param>
    public RemoteInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the URL, and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public RemoteInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
