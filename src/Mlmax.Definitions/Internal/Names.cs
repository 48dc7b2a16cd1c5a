using System.Text.RegularExpressions;

namespace Mlmax.Definitions.Internal;

/// <summary>The naming rules: pipelines, parameters, inputs, steps, outputs and bundle roles; projects; registry models and aliases.</summary>
internal static partial class Names
{
    /// <summary>Step names that would clash with reference syntax.</summary>
    public static readonly IReadOnlyList<string> ReservedStepNames = ["inputs", "params"];

    /// <summary>The rule, as shown in messages.</summary>
    public const string Pattern = "^[a-z][a-z0-9_]*$";

    /// <summary>The rule for project names, which may also contain '-' (they name folders and buckets, not references).</summary>
    public const string ProjectPattern = "^[a-z][a-z0-9_-]*$";

    /// <summary>The rule for registry names (models and aliases), which may also contain '-', like project names.</summary>
    public const string RegistryPattern = ProjectPattern;

    public static bool IsValid(string? name) => name is not null && NameRegex().IsMatch(name);

    public static bool IsValidProject(string name) => ProjectNameRegex().IsMatch(name);

    public static bool IsValidRegistryName(string? name) => name is not null && ProjectNameRegex().IsMatch(name);

    /// <summary>The message for an invalid name of the given kind.</summary>
    public static string Invalid(string kind, string name) =>
        $"invalid {kind} name '{name}': names start with a lowercase letter and contain only lowercase letters, digits and '_' ({Pattern})";

    /// <summary>The message for an invalid model or alias name.</summary>
    public static string InvalidRegistryName(string kind, string name) =>
        $"invalid {kind} name '{name}': names start with a lowercase letter and contain only lowercase letters, digits, '_' and '-' ({RegistryPattern})";

    [GeneratedRegex("^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();

    [GeneratedRegex("^[a-z][a-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectNameRegex();
}
