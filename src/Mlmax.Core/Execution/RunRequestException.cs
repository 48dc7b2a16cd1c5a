namespace Mlmax.Execution;

/// <summary>A run request that cannot start: unknown or badly typed parameters, unbound or missing inputs. Nothing ran.</summary>
public sealed class RunRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problems">Every problem found, each naming the parameter or input and how to fix it.</param>
    public RunRequestException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems)) => Problems = problems;

    /// <summary>Creates the exception.</summary>
    public RunRequestException()
        : this([])
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The problem.</param>
    public RunRequestException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The problem.</param>
    /// <param name="innerException">The cause.</param>
    public RunRequestException(string message, Exception innerException)
        : base(message, innerException) => Problems = [message];

    /// <summary>The problems.</summary>
    public IReadOnlyList<string> Problems { get; }
}
