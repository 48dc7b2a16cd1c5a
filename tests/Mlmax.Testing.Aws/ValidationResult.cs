using System.Text;

namespace Mlmax.Testing.Aws;

/// <summary>What the AWS validator found in a set of files: no errors when every file is valid.</summary>
/// <param name="Errors">The errors, in the validator's order (by file, then by check).</param>
public sealed record ValidationResult(IReadOnlyList<ValidationError> Errors)
{
    /// <summary>Whether every file passed every check.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>One line per error (for assertion messages), or "valid".</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        IsValid ? "valid" : Errors.Aggregate(new StringBuilder(), (text, e) => text.AppendLine(e.ToString())).ToString();
}

/// <summary>One problem in one file.</summary>
/// <param name="File">The file, as it was passed to the validator.</param>
/// <param name="Check">
/// Which check found it: <c>json</c>, <c>cfn-template</c>, <c>cfn-spec</c>, <c>asl-validator</c>, <c>statelint</c> or
/// <c>sagemaker</c>.
/// </param>
/// <param name="Path">Where in the file, e.g. <c>Resources.Role.Properties.Policies[0]</c>, or <c>(root)</c>.</param>
/// <param name="Message">What is wrong.</param>
public sealed record ValidationError(string File, string Check, string Path, string Message)
{
    /// <summary>The error as the validator prints it: <c>FILE: PATH: MESSAGE [CHECK]</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{File}: {Path}: {Message} [{Check}]";
}
