using Mlmax.Aws.Packaging;

namespace Mlmax.Aws.Tests.Packaging;

public sealed class MlmaxFilesTests
{
    private const string Deps = """
        {
          "runtimeTarget": { "name": ".NETCoreApp,Version=v10.0" },
          "targets": {
            ".NETCoreApp,Version=v10.0": {
              "mlmax/1.0.0": { "runtime": { "mlmax.dll": {} } },
              "Yaml/1.0.0": {
                "runtime": { "lib/net8.0/Yaml.dll": {} },
                "resources": { "lib/net8.0/de/Yaml.resources.dll": { "locale": "de" } }
              },
              "Native/1.0.0": {
                "runtimeTargets": {
                  "runtimes/linux-x64/native/libnative.so": { "rid": "linux-x64", "assetType": "native" },
                  "runtimes/win-x64/native/native.dll": { "rid": "win-x64", "assetType": "native" }
                }
              }
            }
          },
          "libraries": {}
        }
        """;

    [Fact]
    public void Of_FolderSharedWithOtherAssemblies_TakesOnlyWhatDepsJsonListsForLinuxX64()
    {
        using var folder = new TempDirectory();
        folder.Write("mlmax.deps.json", Deps);
        foreach (var file in new[]
                 {
                     "mlmax.dll", "mlmax.runtimeconfig.json", "Yaml.dll", "de/Yaml.resources.dll", "runtimes/linux-x64/native/libnative.so",
                     "runtimes/win-x64/native/native.dll", "xunit.core.dll", "Mlmax.Cli.Tests.dll", "testhost.dll",
                 })
        {
            folder.Write(file, "x");
        }

        var files = MlmaxFiles.Of(folder.Path);

        Assert.Equal(
            ["Yaml.dll", "de/Yaml.resources.dll", "mlmax.deps.json", "mlmax.dll", "mlmax.runtimeconfig.json", "runtimes/linux-x64/native/libnative.so"],
            files.Keys);
    }

    [Fact]
    public void Of_FolderWithoutMlmax_ThrowsNamingWhatIsMissing()
    {
        using var folder = new TempDirectory();

        var error = Assert.Throws<CodePackagingException>(() => MlmaxFiles.Of(folder.Path));

        Assert.Contains("mlmax.dll", error.Message, StringComparison.Ordinal);
    }
}
