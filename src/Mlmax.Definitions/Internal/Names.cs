using System.Text.RegularExpressions;

namespace Mlmax.Definitions.Internal;

/// <summary>The naming rules: pipelines, parameters, inputs, steps, outputs and bundle roles; projects; registry models and aliases; worker pools.</summary>
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

    /// <summary>The rule for worker pool names: the queue-name rule of the job engine of the worker fleet.</summary>
    public const string PoolPattern = "^[a-z0-9_-]{1,50}$";

    public static bool IsValid(string? name) => name is not null && NameRegex().IsMatch(name);

    public static bool IsValidProject(string name) => ProjectNameRegex().IsMatch(name);

    public static bool IsValidRegistryName(string? name) => name is not null && ProjectNameRegex().IsMatch(name);

    public static bool IsValidPool(string? name) => name is not null && PoolNameRegex().IsMatch(name);

    /// <summary>A SageMaker instance type's shape, <c>ml.FAMILY.SIZE</c>; the SageMaker request check knows the exact list.</summary>
    public static bool IsValidInstanceType(string type) => InstanceTypeRegex().IsMatch(type);

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

    [GeneratedRegex(@"^ml\.[a-z0-9-]+\.[a-z0-9-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceTypeRegex();

    // \z rather than $, which would also accept a trailing newline (possible in a quoted YAML value) that no queue takes.
    [GeneratedRegex(@"^[a-z0-9_-]{1,50}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PoolNameRegex();
}
