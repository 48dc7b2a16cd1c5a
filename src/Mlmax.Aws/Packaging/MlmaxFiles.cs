using System.Text.Json;

namespace Mlmax.Aws.Packaging;

/// <summary>
/// The files of an mlmax installation: <c>mlmax.dll</c>, its <c>.deps.json</c> and <c>.runtimeconfig.json</c>, and
/// every asset its <c>.deps.json</c> lists for Linux x64. Reading the list from <c>mlmax.deps.json</c> leaves out
/// whatever else shares the folder (a test host's assemblies, other platforms' native libraries).
/// </summary>
internal static class MlmaxFiles
{
    /// <summary>The entry assembly's name.</summary>
    public const string Name = "mlmax";

    private static readonly HashSet<string> LinuxX64 = new(StringComparer.Ordinal) { "linux-x64", "linux", "unix-x64", "unix", "any" };

    /// <summary>Lists the files.</summary>
    /// <param name="directory">The folder of <c>mlmax.dll</c>.</param>
    /// <returns>Path relative to the folder (with <c>/</c>) to full path, sorted.</returns>
    /// <exception cref="CodePackagingException">The folder holds no framework-dependent mlmax.</exception>
    public static SortedDictionary<string, string> Of(string directory)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var own in new[] { $"{Name}.dll", $"{Name}.deps.json", $"{Name}.runtimeconfig.json" })
        {
            var path = Path.Combine(directory, own);
            if (!File.Exists(path))
            {
                throw new CodePackagingException($"{directory} holds no {own}: the runtime package is made from the mlmax that runs it, as installed by dotnet tool install or built from source (not a single-file or self-contained build)");
            }

            files[own] = path;
        }

        using var deps = JsonDocument.Parse(File.ReadAllBytes(files[$"{Name}.deps.json"]));
        foreach (var target in deps.RootElement.GetProperty("targets").EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                foreach (var asset in Assets(library.Value))
                {
                    if (Locate(directory, asset) is { } relative)
                    {
                        files[relative] = Path.Combine(directory, relative);
                    }
                }
            }
        }

        return files;
    }

    /// <summary>The asset paths of a library that Linux x64 loads: managed and native assets, RID-specific ones for
    /// Linux x64 or a RID it falls back to, and satellite resources.</summary>
    private static IEnumerable<string> Assets(JsonElement library)
    {
        foreach (var kind in new[] { "runtime", "native", "resources" })
        {
            if (library.TryGetProperty(kind, out var assets))
            {
                foreach (var asset in assets.EnumerateObject())
                {
                    yield return asset.Name;
                }
            }
        }

        if (library.TryGetProperty("runtimeTargets", out var targets))
        {
            foreach (var asset in targets.EnumerateObject())
            {
                if (asset.Value.TryGetProperty("rid", out var rid) && LinuxX64.Contains(rid.GetString() ?? string.Empty))
                {
                    yield return asset.Name;
                }
            }
        }
    }

    /// <summary>Where a build or install put an asset: at its path (native and RID-specific ones), else by file name
    /// (managed ones), else in its culture's folder (resources).</summary>
    private static string? Locate(string directory, string asset)
    {
        var candidates = new[]
        {
            asset,
            Path.GetFileName(asset),
            Path.Combine(Path.GetFileName(Path.GetDirectoryName(asset) ?? string.Empty), Path.GetFileName(asset)),
        };
        return candidates.Select(c => c.Replace('\\', '/')).FirstOrDefault(c => c.Length > 0 && File.Exists(Path.Combine(directory, c)));
    }
}
