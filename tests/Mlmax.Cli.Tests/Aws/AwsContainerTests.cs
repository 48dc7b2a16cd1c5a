namespace Mlmax.Cli.Tests.Aws;

/// <summary>
/// <c>mlmax aws container</c> for a predict step: the model version reaches the job as <c>mlmax models export</c>
/// writes it, is verified before it is loaded, and scores exactly as <c>mlmax run inference</c> does.
/// </summary>
public sealed class AwsContainerTests
{
    [Fact]
    public async Task Container_PredictStepWithExportedVersion_SameFilesAsLocalInferenceRun()
    {
        using var p = new TempProject();
        Assert.Equal(0, (await CliProcess.RunAsync(Path.GetTempPath(), "init", p.Root, "--template", "census")).ExitCode);
        Assert.Equal(0, (await p.RunAsync("run", "training", "--quiet")).ExitCode);
        var inference = await p.RunAsync("run", "inference", "--quiet", "--param", "on_violation=report", "--json");
        Assert.True(inference.ExitCode == 0, inference.All);
        var run = inference.Json.GetProperty("run").GetString()!;
        Assert.Equal(0, (await p.RunAsync("export", $"{run}/score.predictions", "local")).ExitCode);

        var job = p.PathOf("job");
        var export = await p.RunAsync("models", "export", "census", "--out", Path.Combine(job, "processing/input/mlmax_model"));
        Assert.True(export.ExitCode == 0, export.All);
        Directory.CreateDirectory(Path.Combine(job, "processing/input/data"));
        File.Copy(p.PathOf("data/census-income-sample.csv"), Path.Combine(job, "processing/input/data/census-income-sample.csv"));

        var container = await CliProcess.RunAsync(
            p.Root,
            new Dictionary<string, string> { ["MLMAX_SAGEMAKER_ROOT"] = job },
            "aws", "container", "--pipeline", "inference", "--step", "score", "--job", "processing", "--run", "r1",
            "--param", "model=census", "--param", "id_column=", "--param", "on_violation=report");

        Assert.True(container.ExitCode == 0, container.All);
        foreach (var file in new[] { "predictions.csv", "violations.csv" })
        {
            Assert.Equal(File.ReadAllBytes(p.PathOf($"local/{file}")), File.ReadAllBytes(Path.Combine(job, "processing/output/predictions", file)));
        }

        var record = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(job, "processing/output/mlmax/step.json"))).RootElement;
        Assert.Equal("census:1", record.GetProperty("parameters").GetProperty("model").GetString());
        Assert.Equal(500, record.GetProperty("metrics").GetProperty("rows_scored").GetDouble());
    }

    [Fact]
    public async Task Container_ExportedBlobTampered_FailsBeforeScoringWithReason()
    {
        using var p = new TempProject();
        Assert.Equal(0, (await CliProcess.RunAsync(Path.GetTempPath(), "init", p.Root, "--template", "census")).ExitCode);
        Assert.Equal(0, (await p.RunAsync("run", "training", "--quiet")).ExitCode);
        var job = p.PathOf("job");
        Assert.Equal(0, (await p.RunAsync("models", "export", "census:1", "--out", Path.Combine(job, "processing/input/mlmax_model"))).ExitCode);
        var blob = Directory.EnumerateFiles(Path.Combine(job, "processing/input/mlmax_model/store/blobs"), "*", SearchOption.AllDirectories)
            .OrderByDescending(f => new FileInfo(f).Length).First();
        var bytes = File.ReadAllBytes(blob);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(blob, bytes);
        Directory.CreateDirectory(Path.Combine(job, "processing/input/data"));
        File.Copy(p.PathOf("data/census-income-sample.csv"), Path.Combine(job, "processing/input/data/census-income-sample.csv"));

        var container = await CliProcess.RunAsync(
            p.Root,
            new Dictionary<string, string> { ["MLMAX_SAGEMAKER_ROOT"] = job },
            "aws", "container", "--pipeline", "inference", "--step", "score", "--job", "processing", "--run", "r1", "--param", "model=census:1");

        Assert.NotEqual(0, container.ExitCode);
        Assert.False(File.Exists(Path.Combine(job, "processing/output/predictions/predictions.csv")));
        Assert.Contains("does not match its recorded hash", File.ReadAllText(Path.Combine(job, "output/failure")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsExport_IntoNonEmptyFolder_RefusedExit2()
    {
        using var p = new TempProject();
        Assert.Equal(0, (await CliProcess.RunAsync(Path.GetTempPath(), "init", p.Root, "--template", "census")).ExitCode);
        Assert.Equal(0, (await p.RunAsync("run", "training", "--quiet")).ExitCode);
        p.Write("out/keep.txt", "x");

        var export = await p.RunAsync("models", "export", "census", "--out", "out");

        Assert.Equal(2, export.ExitCode);
        Assert.Contains("not empty", export.All, StringComparison.Ordinal);
    }
}
