namespace Mlmax.Scoring;

/// <summary>Input data does not fit the model's input schema; the message names the column and the problem.</summary>
public sealed class SchemaViolationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The column and the problem.</param>
    public SchemaViolationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SchemaViolationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The problem.</param>
    /// <param name="innerException">The cause.</param>
    public SchemaViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
