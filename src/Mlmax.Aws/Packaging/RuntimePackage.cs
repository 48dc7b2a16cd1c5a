using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Mlmax.Identity;

namespace Mlmax.Aws.Packaging;

/// <summary>
/// The runtime package: the running mlmax (framework-dependent, under <c>app/</c>) with the .NET runtime it runs on
/// (under <c>dotnet/</c>) and a <c>mlmax</c> script at the root that starts one with the other, so a job's image
/// needs no .NET (only what .NET itself needs on Linux: glibc, libstdc++, OpenSSL). Built once per mlmax build and
/// runtime version, then kept in a cache folder.
/// </summary>
internal static class RuntimePackage
{
    /// <summary>The script at the package's root, the program <c>bootstrap.sh</c> starts.</summary>
    public static string Script { get; } = string.Join('\n',
        "#!/bin/sh",
        "# mlmax for linux-x64 with its own .NET runtime: the image needs no .NET.",
        "here=\"$(cd \"$(dirname \"$0\")\" && pwd)\"",
        "export DOTNET_ROOT=\"$here/dotnet\"",
        "export DOTNET_CLI_TELEMETRY_OPTOUT=1",
        "export DOTNET_NOLOGO=1",
        "exec \"$here/dotnet/dotnet\" \"$here/app/mlmax.dll\" \"$@\"",
        string.Empty);

    /// <summary>Returns the package, building it unless the cache holds it.</summary>
    /// <param name="cacheDirectory">The cache folder.</param>
    /// <param name="log">Receives progress lines.</param>
    /// <param name="cancellationToken">Stops the build.</param>
    /// <returns>The cached archive's path.</returns>
    /// <exception cref="CodePackagingException">Not on linux-x64, or mlmax or .NET cannot be found.</exception>
    public static async Task<string> GetAsync(string cacheDirectory, Action<string> log, CancellationToken cancellationToken)
    {
        if (RuntimeInformation.RuntimeIdentifier != "linux-x64")
        {
            throw new CodePackagingException(
                $"the runtime package holds the mlmax and .NET that build it, and SageMaker runs linux-x64; this is {RuntimeInformation.RuntimeIdentifier}: build the packages on Linux x64 (glibc), e.g. in CI or a container");
        }

        var app = MlmaxFiles.Of(AppContext.BaseDirectory);
        var dotnet = DotnetRuntimeFiles.Of(app[$"{MlmaxFiles.Name}.runtimeconfig.json"]);
        var name = $"mlmax-{EnvironmentInfo.MlmaxVersion}-dotnet-{DotnetRuntimeFiles.RuntimeVersion}-{Digest(app)}.tar.gz";
        var path = Path.Combine(cacheDirectory, name);
        if (File.Exists(path))
        {
            log($"runtime package: cached {name}");
            return path;
        }

        log($"runtime package: mlmax {EnvironmentInfo.MlmaxVersion} ({app.Count} files) with .NET {DotnetRuntimeFiles.RuntimeVersion} ({dotnet.Count} files)");
        var clock = Stopwatch.StartNew();
        var script = Encoding.UTF8.GetBytes(Script);
        var files = app.Select(f => ArchiveFile.FromDisk($"app/{f.Key}", f.Value))
            .Concat(dotnet.Select(f => ArchiveFile.FromDisk($"dotnet/{f.Key}", f.Value)))
            .Append(new ArchiveFile(MlmaxFiles.Name, () => new MemoryStream(script, writable: false), Executable: true));
        await TarGzWriter.WriteAsync(path, files, cancellationToken);
        foreach (var stale in Directory.EnumerateFiles(cacheDirectory, "mlmax-*.tar.gz").Where(f => f != path))
        {
            File.Delete(stale);
        }

        log($"runtime package: built in {clock.Elapsed.TotalSeconds:0.0}s, {new FileInfo(path).Length / (1024.0 * 1024):0} MB");
        return path;
    }

    /// <summary>The content of mlmax's files, so a rebuilt mlmax of the same version gets a new package.</summary>
    private static string Digest(SortedDictionary<string, string> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (relative, path) in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{relative} {Hashing.Sha256File(path)}\n"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }
}
