namespace Mlmax.Aws.Compilation;

/// <summary>A pipeline that cannot be compiled for AWS, with every reason found.</summary>
public sealed class AwsCompileException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errors">What is wrong, one line each, naming the step and key.</param>
    public AwsCompileException(IReadOnlyList<string> errors)
        : base(string.Join(Environment.NewLine, errors)) => Errors = errors;

    /// <summary>Creates the exception.</summary>
    public AwsCompileException()
        : this([])
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public AwsCompileException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public AwsCompileException(string message, Exception innerException)
        : base(message, innerException) => Errors = [message];

    /// <summary>What is wrong.</summary>
    public IReadOnlyList<string> Errors { get; }
}
