using Mlmax.Aws.Compilation;

namespace Mlmax.Aws.Tests;

/// <summary>
/// The compiled census pipelines, byte for byte. A change to the compiler or to the census template shows up here
/// as a diff to review; accept it with <c>MLMAX_UPDATE_GOLDEN=1 dotnet test tests/Mlmax.Aws.Tests</c>.
/// </summary>
public sealed class GoldenTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "mlmax-golden-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<string, string> Files() => new()
    {
        { "training", "training.template.json" },
        { "training", "training.asl.json" },
        { "training", "training.manifest.json" },
        { "inference", "inference.template.json" },
        { "inference", "inference.asl.json" },
        { "inference", "inference.manifest.json" },
        { "training", "bootstrap.sh" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Compile_CensusPipeline_MatchesGoldenFile(string pipeline, string file)
    {
        CensusCompilation.Compile(pipeline).WriteTo(_out);
        var actual = File.ReadAllText(Path.Combine(_out, file));
        var golden = Path.Combine(Repository.Golden, "census", file);
        if (Environment.GetEnvironmentVariable("MLMAX_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(golden)!);
            File.WriteAllText(golden, actual);
        }

        Assert.True(File.Exists(golden), $"no golden file {golden}: run MLMAX_UPDATE_GOLDEN=1 dotnet test tests/Mlmax.Aws.Tests, then review it");
        var expected = File.ReadAllText(golden);
        Assert.True(expected == actual, $"{file} differs from {golden}; if the change is intended, run MLMAX_UPDATE_GOLDEN=1 dotnet test tests/Mlmax.Aws.Tests and review the diff\n{FirstDifference(expected, actual)}");
    }

    [Fact]
    public void Compile_Twice_ByteIdentical()
    {
        var first = Path.Combine(_out, "a");
        var second = Path.Combine(_out, "b");
        CensusCompilation.Compile("training").WriteTo(first);
        CensusCompilation.Compile("training").WriteTo(second);

        foreach (var file in Directory.GetFiles(first))
        {
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(second, Path.GetFileName(file))));
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var x = i < e.Length ? e[i] : "<end>";
            var y = i < a.Length ? a[i] : "<end>";
            if (x != y)
            {
                return $"line {i + 1}:\n  golden: {x}\n  actual: {y}";
            }
        }

        return "no line differs";
    }
}
