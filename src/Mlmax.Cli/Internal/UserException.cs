namespace Mlmax.Cli.Internal;

/// <summary>A problem the user can fix; printed without a stack trace, exit code 2.</summary>
internal sealed class UserException : Exception
{
    public UserException(string message)
        : base(message)
    {
    }

    public UserException()
    {
    }

    public UserException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
