using System.Runtime.InteropServices;
using System.Text.Json;

namespace Mlmax.Aws.Packaging;

/// <summary>
/// The .NET runtime the current process runs on, as the files of a minimal dotnet root: the <c>dotnet</c> host, its
/// <c>host/fxr</c>, and each shared framework <c>mlmax.runtimeconfig.json</c> names (the running
/// <c>Microsoft.NETCore.App</c>, and the installed version of any other the host would pick).
/// </summary>
internal static class DotnetRuntimeFiles
{
    private const string CoreFramework = "Microsoft.NETCore.App";

    private static readonly string[] Notices = ["LICENSE.txt", "ThirdPartyNotices.txt"];

    /// <summary>The running runtime's version, e.g. <c>10.0.12</c>.</summary>
    public static string RuntimeVersion => new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory()).Name;

    /// <summary>Lists the files.</summary>
    /// <param name="runtimeConfig">mlmax's <c>.runtimeconfig.json</c>.</param>
    /// <returns>Path relative to the dotnet root (with <c>/</c>) to full path, sorted.</returns>
    /// <exception cref="CodePackagingException">The runtime is not in a dotnet root (e.g. a self-contained build).</exception>
    public static SortedDictionary<string, string> Of(string runtimeConfig)
    {
        var runtime = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory());
        var root = runtime.Parent?.Parent?.Parent?.FullName;
        if (root is null || runtime.Parent!.Name != CoreFramework || !File.Exists(Path.Combine(root, "dotnet")))
        {
            throw new CodePackagingException($"the .NET runtime in {runtime.FullName} is not in a dotnet installation (no dotnet host beside shared/{CoreFramework}); run mlmax on an installed .NET");
        }

        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Add(string path) => files[Path.GetRelativePath(root, path).Replace('\\', '/')] = path;
        void AddTree(string directory)
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            {
                Add(file);
            }
        }

        Add(Path.Combine(root, "dotnet"));
        foreach (var notice in Notices.Select(n => Path.Combine(root, n)).Where(File.Exists))
        {
            Add(notice);
        }

        var fxr = Directory.Exists(Path.Combine(root, "host", "fxr"))
            ? Directory.GetDirectories(Path.Combine(root, "host", "fxr")).MaxBy(d => ParseVersion(Path.GetFileName(d)))
            : null;
        AddTree(fxr ?? throw new CodePackagingException($"{root} has no host/fxr"));
        foreach (var (name, version) in Frameworks(runtimeConfig))
        {
            AddTree(name == CoreFramework ? runtime.FullName : Installed(root, name, version));
        }

        return files;
    }

    private static IEnumerable<(string Name, Version Version)> Frameworks(string runtimeConfig)
    {
        using var config = JsonDocument.Parse(File.ReadAllBytes(runtimeConfig));
        var options = config.RootElement.GetProperty("runtimeOptions");
        var list = options.TryGetProperty("frameworks", out var many) ? many.EnumerateArray().ToList()
            : options.TryGetProperty("framework", out var one) ? [one]
            : [];
        if (list.Count == 0)
        {
            throw new CodePackagingException($"{runtimeConfig} names no shared framework: the runtime package needs a framework-dependent mlmax");
        }

        return [.. list.Select(f => (f.GetProperty("name").GetString()!, ParseVersion(f.GetProperty("version").GetString()!)))];
    }

    /// <summary>The version of a shared framework the host picks by default (roll forward on minor, latest patch): the
    /// highest patch of the lowest installed major.minor at or above the requested one, within its major.</summary>
    private static string Installed(string root, string name, Version requested)
    {
        var directory = Path.Combine(root, "shared", name);
        var chosen = (Directory.Exists(directory) ? Directory.GetDirectories(directory) : [])
            .Select(d => (Path: d, Version: ParseVersion(Path.GetFileName(d))))
            .Where(v => v.Version.Major == requested.Major && v.Version >= requested)
            .OrderBy(v => v.Version.Minor)
            .ThenByDescending(v => v.Version)
            .Select(v => v.Path)
            .FirstOrDefault();
        return chosen ?? throw new CodePackagingException($"mlmax needs the shared framework {name} {requested.Major}.x (>= {requested}), which is not installed in {root}");
    }

    private static Version ParseVersion(string text) =>
        Version.TryParse(text.Split('-', '+')[0], out var v) ? v : new Version(0, 0);
}
