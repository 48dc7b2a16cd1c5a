using System.Text.RegularExpressions;

namespace Mlmax.Definitions.Internal;

/// <summary>The naming rule for pipelines, parameters, inputs, steps and outputs.</summary>
internal static partial class Names
{
    /// <summary>Step names that would clash with reference syntax.</summary>
    public static readonly IReadOnlyList<string> ReservedStepNames = ["inputs", "params"];

    /// <summary>The rule, as shown in messages.</summary>
    public const string Pattern = "^[a-z][a-z0-9_]*$";

    /// <summary>The rule for project names, which may also contain '-' (they name folders and buckets, not references).</summary>
    public const string ProjectPattern = "^[a-z][a-z0-9_-]*$";

    public static bool IsValid(string? name) => name is not null && NameRegex().IsMatch(name);

    public static bool IsValidProject(string name) => ProjectNameRegex().IsMatch(name);

    /// <summary>The message for an invalid name of the given kind.</summary>
    public static string Invalid(string kind, string name) =>
        $"invalid {kind} name '{name}': names start with a lowercase letter and contain only lowercase letters, digits and '_' ({Pattern})";

    [GeneratedRegex("^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();

    [GeneratedRegex("^[a-z][a-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectNameRegex();
}
