namespace Mlmax.Definitions;

/// <summary>One problem in a pipeline or project definition, located as precisely as the source allows.</summary>
/// <param name="File">The file the definition came from; empty for definitions built in code.</param>
/// <param name="Line">The 1-based line, or 0 when unknown.</param>
/// <param name="Column">The 1-based column, or 0 when unknown.</param>
/// <param name="Key">The key path of the offending element, such as <c>steps.train.inputs.model</c>; empty for the whole document.</param>
/// <param name="Message">What is wrong and what would be valid.</param>
public sealed record DefinitionError(string File, int Line, int Column, string Key, string Message)
{
    /// <summary>Formats the error as <c>file:line:col: key: message</c>, leaving out the parts that are unknown.</summary>
    /// <returns>The formatted error.</returns>
    public override string ToString()
    {
        var location = (File.Length > 0, Line > 0) switch
        {
            (true, true) => $"{File}:{Line}:{Column}: ",
            (true, false) => $"{File}: ",
            (false, true) => $"{Line}:{Column}: ",
            _ => string.Empty,
        };
        var key = Key.Length > 0 ? $"{Key}: " : string.Empty;
        return location + key + Message;
    }
}
