using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Mlmax.Stores.S3;
using Mlmax.Testing.S3;

namespace Mlmax.Cli.Tests;

/// <summary><c>--input NAME=s3://…</c> and schedules with s3:// inputs, against s3rver: read at run time, the URL recorded as the source.</summary>
public sealed class S3InputsCliTests(S3ServerFixture s3) : IClassFixture<S3ServerFixture>
{
    private async Task<string> PutAsync(string content)
    {
        var root = S3Root.Parse(s3.Server.NewUrl("cli-input"));
        var config = S3ClientConfiguration.FromEnvironment(name => s3.Server.Environment.GetValueOrDefault(name));
        using var client = new AmazonS3Client(new BasicAWSCredentials(S3Server.AccessKeyId, S3Server.SecretAccessKey), config);
        await client.PutObjectAsync(new PutObjectRequest { BucketName = root.Bucket, Key = root.Prefix + "/drops/a.txt", ContentBody = content, UseChunkEncoding = false });
        return root + "/drops/a.txt";
    }

    private static JsonElement Source(CliResult shown) => shown.Json.GetProperty("inputs").GetProperty("raw").GetProperty("source");

    [Fact]
    public async Task Run_InputIsS3Url_StepReadsTheObjectAndShowRecordsTheUrl()
    {
        using var p = Fixtures.ChainProject();
        var url = await PutAsync("from s3\n");

        var run = await CliProcess.RunAsync(p.Root, s3.Server.Environment, "run", "chain", "--input", $"raw={url}", "--json");
        var runId = run.Json.GetProperty("run").GetString()!;
        var shown = await CliProcess.RunAsync(p.Root, s3.Server.Environment, "show", runId, "--json");
        var export = await CliProcess.RunAsync(p.Root, s3.Server.Environment, "export", $"{runId}/a.out", "a-out");

        Assert.True(run.ExitCode == 0, run.ToString() + s3.Server.Output());
        Assert.StartsWith($"{url} (ETag \"", Source(shown).GetString(), StringComparison.Ordinal);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal("from s3\nn=1\n", File.ReadAllText(p.PathOf("a-out/a.txt")));
        Assert.False(Directory.Exists(p.PathOf(".mlmax/tmp/inputs")) && Directory.EnumerateFileSystemEntries(p.PathOf(".mlmax/tmp/inputs")).Any());
    }

    [Fact]
    public async Task Run_S3ObjectMissing_Exit2NamingInputAndUrl()
    {
        using var p = Fixtures.ChainProject();
        var url = s3.Server.NewUrl("cli-missing") + "/none.txt";

        var run = await CliProcess.RunAsync(p.Root, s3.Server.Environment, "run", "chain", "--input", $"raw={url}");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"input 'raw' (file): no object {url}", run.All, StringComparison.Ordinal);
        Assert.DoesNotContain(S3Server.SecretAccessKey + "\n", run.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_S3NotConfigured_Exit2SayingWhichSettingsItReads()
    {
        using var p = Fixtures.ChainProject();
        var psi = CliProcess.StartInfo(p.Root, "run", "chain", "--input", "raw=s3://mlmax-test/drops/a.txt");
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(name);
        }

        psi.Environment["AWS_CONFIG_FILE"] = p.PathOf("no-aws-config");
        psi.Environment["AWS_SHARED_CREDENTIALS_FILE"] = p.PathOf("no-aws-credentials");

        var run = await CliProcess.RunAsync(psi);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("input 'raw' (file): cannot read s3://mlmax-test/drops/a.txt: S3 is not configured here", run.All, StringComparison.Ordinal);
        Assert.Contains("the same settings as the S3 artifact store and S3 watches", run.All, StringComparison.Ordinal);
        Assert.Contains("AWS_REGION", run.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Step_InputIsS3Url_StepRunsOnTheObject()
    {
        using var p = Fixtures.ChainProject();
        var url = await PutAsync("step input\n");

        var step = await CliProcess.RunAsync(p.Root, s3.Server.Environment, "step", "chain", "a", "--input", $"raw={url}", "--output", "step-out");

        Assert.True(step.ExitCode == 0, step.ToString());
        Assert.Contains($"input raw <- {url} (ETag", step.Stdout, StringComparison.Ordinal);
        Assert.Equal("step input\nn=1\n", File.ReadAllText(p.PathOf("step-out/out/a.txt")));
    }

    [Fact]
    public async Task ScheduleAdd_S3Input_KeptAsUrl()
    {
        using var p = Fixtures.ChainProject();
        var url = await PutAsync("x\n");

        var added = await CliProcess.RunAsync(p.Root, s3.Server.Environment, "schedule", "add", "chain", "--cron", "0 3 * * *", "--input", $"raw={url}", "--json");

        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Equal(url, added.Json.GetProperty("inputs").GetProperty("raw").GetString());
    }

    [Fact]
    public async Task Scheduler_DeclaredScheduleWithS3Input_RunReadsTheObjectAndRecordsTheUrl()
    {
        using var p = Fixtures.ChainProject();
        var url = await PutAsync("scheduled from s3\n");
        p.Write("pipelines/chain.yaml", Fixtures.Chain + $"\nschedules:\n  minutely: {{ cron: \"* * * * *\", inputs: {{ raw: \"{url}\" }} }}\n");

        var psi = CliProcess.StartInfo(p.Root, "scheduler", "--quiet");
        foreach (var (name, value) in s3.Server.Environment)
        {
            psi.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var scheduler = Process.Start(psi)!;
        scheduler.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        scheduler.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        scheduler.BeginOutputReadLine();
        scheduler.BeginErrorReadLine();
        JsonElement run = default;
        try
        {
            // The next minute's slot (at most 60 s away) starts one run.
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while ((run = (await p.RunAsync("runs", "--json")).Json.EnumerateArray().FirstOrDefault(r => r.GetProperty("status").GetString() is "succeeded" or "failed")).ValueKind == JsonValueKind.Undefined)
            {
                Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the scheduled run:\n" + Text(output));
                await Task.Delay(500);
            }
        }
        finally
        {
            using (var kill = Process.Start("kill", ["-TERM", scheduler.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await scheduler.WaitForExitAsync(timeout.Token);
        }

        Assert.True(run.GetProperty("status").GetString() == "succeeded", Text(output));
        Assert.Equal("chain.minutely", run.GetProperty("trigger").GetProperty("source").GetString());
        var runId = run.GetProperty("run").GetString()!;
        var shown = await CliProcess.RunAsync(p.Root, s3.Server.Environment, "show", runId, "--json");
        Assert.StartsWith($"{url} (ETag \"", Source(shown).GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await p.RunAsync("export", $"{runId}/a.out", "a-out")).ExitCode);
        Assert.Equal("scheduled from s3\nn=1\n", File.ReadAllText(p.PathOf("a-out/a.txt")));
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
