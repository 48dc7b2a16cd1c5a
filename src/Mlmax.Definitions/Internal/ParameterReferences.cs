using System.Text.RegularExpressions;

namespace Mlmax.Definitions.Internal;

/// <summary>The <c>${params.NAME}</c> syntax that binds a step parameter to a pipeline parameter.</summary>
internal static partial class ParameterReferences
{
    /// <summary>The pipeline parameter named by a whole-value reference, or <see langword="null"/>.</summary>
    public static string? TryParse(string text)
    {
        var match = ReferenceRegex().Match(text);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>Whether the text contains reference syntax at all (whole or not).</summary>
    public static bool LooksLikeReference(string text) => text.Contains("${", StringComparison.Ordinal);

    [GeneratedRegex(@"^\$\{\s*params\.([^}\s]+)\s*\}$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceRegex();
}
