using Microsoft.Extensions.FileSystemGlobbing;

namespace Mlmax.Identity;

/// <summary>The content hashes of the files that make up a step's code, relative to the project root.</summary>
public static class CodeIdentity
{
    private static readonly string[] Ignored = ["**/bin/**", "**/obj/**", ".mlmax/**", ".git/**"];

    /// <summary>Hashes the files matching <paramref name="patterns"/> under <paramref name="projectRoot"/>.</summary>
    /// <param name="projectRoot">The project's root.</param>
    /// <param name="patterns">Relative paths or globs.</param>
    /// <returns>Relative path (with <c>/</c>) to hash, sorted.</returns>
    /// <exception cref="FileNotFoundException">A pattern matches no file.</exception>
    public static SortedDictionary<string, string> Hash(string projectRoot, IEnumerable<string> patterns)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var pattern in patterns)
        {
            var matcher = new Matcher(StringComparison.Ordinal);
            matcher.AddInclude(pattern);
            if (pattern.Contains('*', StringComparison.Ordinal))
            {
                matcher.AddExcludePatterns(Ignored);
            }

            var files = matcher.GetResultsInFullPath(projectRoot).ToList();
            if (files.Count == 0)
            {
                throw new FileNotFoundException($"code pattern '{pattern}' matches no file under {projectRoot}; fix the step's 'code:' list");
            }

            foreach (var file in files)
            {
                var relative = Path.GetRelativePath(projectRoot, file).Replace(Path.DirectorySeparatorChar, '/');
                result[relative] = Hashing.Sha256File(file);
            }
        }

        return result;
    }

    /// <summary>Finds the C# source files declaring class <paramref name="typeName"/> in a project directory.</summary>
    /// <param name="projectRoot">The mlmax project's root.</param>
    /// <param name="sourceDirectory">The step project's directory.</param>
    /// <param name="typeName">The full type name.</param>
    /// <returns>Relative paths of the declaring files (empty when none is found).</returns>
    public static IReadOnlyList<string> FindDeclaringFiles(string projectRoot, string sourceDirectory, string typeName)
    {
        var shortName = typeName[(typeName.LastIndexOf('.') + 1)..];
        var needle = System.Text.RegularExpressions.Regex.Escape(shortName);
        var pattern = new System.Text.RegularExpressions.Regex($@"\b(class|record|struct)\s+{needle}\b");
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude("**/*.cs");
        matcher.AddExcludePatterns(Ignored);
        return matcher.GetResultsInFullPath(sourceDirectory)
            .Where(f => pattern.IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(projectRoot, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
