using Mlmax.Aws.SecureEnvironment;

namespace Mlmax.Aws.Tests;

/// <summary>
/// The census project's environment template, byte for byte. Accept an intended change with
/// <c>MLMAX_UPDATE_GOLDEN=1 dotnet test tests/Mlmax.Aws.Tests</c> and review the diff.
/// </summary>
public sealed class EnvironmentGoldenTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "mlmax-env-golden-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Build_CensusProject_MatchesGoldenFile()
    {
        var actual = File.ReadAllText(EnvironmentBuilder.Build(new EnvironmentNames("census")).WriteTo(_out));
        var golden = Path.Combine(Repository.Golden, "census", EnvironmentDefinition.FileName);
        if (Environment.GetEnvironmentVariable("MLMAX_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, actual);
        }

        Assert.True(File.Exists(golden), $"no golden file {golden}: run MLMAX_UPDATE_GOLDEN=1 dotnet test tests/Mlmax.Aws.Tests, then review it");
        Assert.True(File.ReadAllText(golden) == actual, $"{golden} differs; if the change is intended, run MLMAX_UPDATE_GOLDEN=1 dotnet test tests/Mlmax.Aws.Tests and review the diff");
    }

    [Fact]
    public void Build_Twice_ByteIdentical()
    {
        var first = EnvironmentBuilder.Build(new EnvironmentNames("census")).WriteTo(Path.Combine(_out, "a"));
        var second = EnvironmentBuilder.Build(new EnvironmentNames("census")).WriteTo(Path.Combine(_out, "b"));

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public void Build_AnotherProject_OnlyItsNamesDiffer()
    {
        var census = EnvironmentTemplate.Of("census").Text;
        var other = EnvironmentTemplate.Of("fraud_model").Text;

        Assert.NotEqual(census, other);
        Assert.Equal(census, other.Replace("mlmax-fraud-model", "mlmax-census", StringComparison.Ordinal).Replace("fraud_model", "census", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }
}
