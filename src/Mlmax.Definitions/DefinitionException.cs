namespace Mlmax.Definitions;

/// <summary>Thrown when a definition is invalid. Carries every problem found, not only the first.</summary>
public sealed class DefinitionException : Exception
{
    /// <summary>Creates the exception from the errors found.</summary>
    /// <param name="errors">The errors, at least one.</param>
    public DefinitionException(IReadOnlyList<DefinitionError> errors)
        : base(Format(errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception with a single error.</summary>
    /// <param name="message">The error message.</param>
    public DefinitionException(string message)
        : this([new DefinitionError(string.Empty, 0, 0, string.Empty, message)])
    {
    }

    /// <summary>Creates the exception with a single error and its cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The cause.</param>
    public DefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new DefinitionError(string.Empty, 0, 0, string.Empty, message)];
    }

    /// <summary>Creates the exception with a generic message; prefer the constructor taking errors.</summary>
    public DefinitionException()
        : this("invalid definition")
    {
    }

    /// <summary>Every error found, in document order where known.</summary>
    public IReadOnlyList<DefinitionError> Errors { get; }

    private static string Format(IReadOnlyList<DefinitionError> errors) =>
        errors.Count switch
        {
            0 => "invalid definition",
            1 => $"invalid definition: {errors[0]}",
            _ => $"invalid definition ({errors.Count} errors):{Environment.NewLine}" +
                 string.Join(Environment.NewLine, errors.Select(e => "  " + e)),
        };
}
