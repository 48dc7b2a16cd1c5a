using System.Text.RegularExpressions;

namespace Mlmax.Cli.Internal.Doctor;

/// <summary>
/// The top-level modules a <c>requirements.txt</c> promises, to try importing them: each requirement's name, lower
/// case with <c>-</c> as <c>_</c>, or the module of a few well-known distributions named otherwise. Options,
/// includes and bare URLs are skipped.
/// </summary>
internal static partial class PythonRequirements
{
    private static readonly Dictionary<string, string> ModuleOf = new(StringComparer.OrdinalIgnoreCase)
    {
        ["scikit-learn"] = "sklearn",
        ["scikit-image"] = "skimage",
        ["pyyaml"] = "yaml",
        ["pillow"] = "PIL",
        ["beautifulsoup4"] = "bs4",
        ["opencv-python"] = "cv2",
        ["opencv-python-headless"] = "cv2",
        ["python-dateutil"] = "dateutil",
        ["protobuf"] = "google.protobuf",
    };

    /// <summary>The requirements of <paramref name="lines"/> with the module each should make importable, without duplicates.</summary>
    public static IReadOnlyList<(string Requirement, string Module)> Read(IEnumerable<string> lines)
    {
        var found = new List<(string, string)>();
        foreach (var line in lines)
        {
            var text = (line.TrimStart().StartsWith('#') ? "" : line.Split(" #")[0]).Trim();
            if (text.Length == 0 || text.StartsWith('-') || (text.Contains("://", StringComparison.Ordinal) && !text.Contains(" @ ", StringComparison.Ordinal)))
            {
                continue;
            }

            var name = NamePattern().Match(text);
            if (name.Success)
            {
                var module = ModuleOf.GetValueOrDefault(name.Value) ?? name.Value.ToLowerInvariant().Replace('-', '_');
                if (found.All(f => f.Item2 != module))
                {
                    found.Add((name.Value, module));
                }
            }
        }

        return found;
    }

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")]
    private static partial Regex NamePattern();
}
