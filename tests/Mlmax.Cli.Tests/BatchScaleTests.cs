namespace Mlmax.Cli.Tests;

/// <summary>Batch scoring at scale: a multi-million-row file scored with no more memory than a small one, beyond a fixed buffer.</summary>
public sealed class BatchScaleTests
{
    /// <summary>What scoring 2,000,000 rows may take beyond scoring 100,000: the chunks in flight and runtime noise, not the rows.</summary>
    private const long FixedBuffer = 64L << 20;

    [Fact]
    public async Task Predict_TwoMillionRows_PeakMemoryWithinAFixedBufferOfOneHundredThousand()
    {
        using var p = new TempProject();
        Assert.Equal(0, (await CliProcess.RunAsync(Path.GetTempPath(), "init", p.Root, "--template", "census")).ExitCode);
        var train = await p.RunAsync("run", "training", "--quiet", "--json");
        Assert.True(train.ExitCode == 0, train.ToString());
        var generate = await p.RunAsync("run", "generate", "--param", "rows=2000000", "--quiet", "--json");
        Assert.True(generate.ExitCode == 0, generate.ToString());
        Assert.Equal(0, (await p.RunAsync("export", $"{generate.Json.GetProperty("run").GetString()}/generate.data", "big")).ExitCode);
        var big = Directory.GetFiles(p.PathOf("big"), "*.csv").Single();
        File.WriteAllLines(p.PathOf("small.csv"), File.ReadLines(big).Take(100_001));

        var small = await p.RunAsync("predict", "census", "--input", "small.csv", "--output", "small-scores.csv", "--on-violation", "report", "--json");
        Assert.True(small.ExitCode == 0, small.ToString());
        var large = await p.RunAsync("predict", "census", "--input", big, "--output", "big-scores.csv", "--on-violation", "report", "--json");
        Assert.True(large.ExitCode == 0, large.ToString());

        Assert.Equal(100_000, small.Json.GetProperty("rows").GetInt64());
        Assert.Equal(2_000_000, large.Json.GetProperty("rows").GetInt64());
        Assert.Equal(2_000_001, File.ReadLines(p.PathOf("big-scores.csv")).LongCount());
        var smallPeak = small.Json.GetProperty("peak_memory_bytes").GetInt64();
        var largePeak = large.Json.GetProperty("peak_memory_bytes").GetInt64();
        Assert.True(largePeak <= smallPeak + FixedBuffer,
            $"scoring 2,000,000 rows peaked at {largePeak >> 20} MiB, 100,000 rows at {smallPeak >> 20} MiB: more than {FixedBuffer >> 20} MiB apart");

        // The first 100,000 predictions are the small file's: chunking and threads do not change a row's score.
        Assert.Equal(File.ReadLines(p.PathOf("small-scores.csv")), File.ReadLines(p.PathOf("big-scores.csv")).Take(100_001));
    }
}
