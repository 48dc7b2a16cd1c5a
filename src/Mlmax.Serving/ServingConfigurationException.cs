namespace Mlmax.Serving;

/// <summary>The server's options are invalid (for example a public address without a token); the message says which and why.</summary>
public sealed class ServingConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    public ServingConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ServingConfigurationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ServingConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
