using System.Text.Json;
using Mlmax.Testing.S3;

namespace Mlmax.Cli.Tests.Aws;

/// <summary><c>mlmax aws deploy</c> of a pipeline whose schedule binds a local file and scores with a registered model version.</summary>
[Collection("aws")]
public sealed class AwsDeployTriggerTests(AwsFixture aws)
{
    private const string Scoring = """
        name: scoring
        parameters:
          model: { type: model, default: chain }
        inputs:
          data: { type: file, default: batch.csv }
          reference: { type: artifact, from: chain/b.report }
        steps:
          score:
            predict: ${params.model}
            inputs: { data: inputs.data }
            outputs: [predictions]
          compare:
            command: [bash, -c, "cat \"$MLMAX_INPUT_REFERENCE\"/* > \"$MLMAX_OUTPUT_OUT/out.txt\""]
            inputs: { reference: inputs.reference }
            outputs: [out]
        schedules:
          nightly: { cron: "0 3 * * *", params: { model: chain@production } }
        watches:
          incoming: { path: incoming/, input: data }
        """;

    [Fact]
    public async Task Deploy_ScheduledPredictPipeline_UploadsTheBoundFileAndTheModelVersionAndPassesTheirUris()
    {
        var environment = aws.Environment();
        var (p, _) = await AwsProjects.CreateAsync(environment);
        using var project = p;
        p.Write("b.sh", "cp \"$MLMAX_INPUT_X/a.txt\" \"$MLMAX_OUTPUT_MODEL/model.bin\"\necho ok > \"$MLMAX_OUTPUT_REPORT/report.txt\"\n");
        var trained = await CliProcess.RunAsync(p.Root, environment, "run", "chain", "--quiet", "--json");
        Assert.True(trained.ExitCode == 0, trained.ToString());
        Assert.Equal(0, (await CliProcess.RunAsync(p.Root, environment, "models", "promote", "chain:1", "--to", "production")).ExitCode);
        p.Write("pipelines/scoring.yaml", Scoring);
        p.Write("batch.csv", "x\n1\n2\n");
        var compiled = await CliProcess.RunAsync(p.Root, environment, "aws", "compile", "scoring", "--out", "build/aws", "--json");
        Assert.True(compiled.ExitCode == 0, compiled.ToString());
        Assert.Contains("watches.incoming: 'incoming/' is a local directory", compiled.Json.GetProperty("left_to_scheduler")[0].GetString(), StringComparison.Ordinal);
        var version = compiled.Json.GetProperty("code_version").GetString()!;
        using (var manifest = JsonDocument.Parse(File.ReadAllText(p.PathOf("build/aws/scoring.manifest.json"))))
        {
            foreach (var package in manifest.RootElement.GetProperty("packages").EnumerateArray().Select(x => x.GetProperty("name").GetString()!))
            {
                p.Write($".mlmax/aws/packages/{version}/{package}", $"package {package} of code version {version}\n");
            }
        }

        var prefix = $"deploy-{Guid.NewGuid():N}"[..20];
        const string Stack = "scoring-deploy";
        var server = aws.Replay;
        server.Reset();
        AwsProjects.Variables(server, Stack, version);
        server.Expect(AwsProjects.Creation(Stack));

        var deployed = await CliProcess.RunAsync(p.Root, environment, "aws", "deploy", "scoring", "--stack", Stack, "--env-stack", AwsProjects.EnvStack,
            "--image", "Dotnet=123456789012.dkr.ecr.us-east-1.amazonaws.com/mlmax-dotnet:1", "--image", "Command=123456789012.dkr.ecr.us-east-1.amazonaws.com/mlmax-command:1", "--param", $"ArtifactPrefix={prefix}", "--poll-seconds", "0.05", "--json");

        Assert.True(deployed.ExitCode == 0, deployed.ToString() + string.Join('\n', server.Problems));
        Assert.Empty(server.Problems);
        var sent = AwsProjects.Parameters(server.RequestsOf("CreateStack").Single());
        var sha = AwsFixture.Sha256("x\n1\n2\n");
        Assert.Equal($"s3://{S3Server.BucketName}/{prefix}/triggers/scoring/nightly/inputs/data/{sha[..16]}/batch.csv", sent["ScheduleNightlyInputData"]);
        Assert.Equal($"s3://{S3Server.BucketName}/{prefix}/models/chain/1/", sent["ScheduleNightlyModelModel"]);
        Assert.Equal(sha, (await aws.HeadAsync($"{prefix}/triggers/scoring/nightly/inputs/data/{sha[..16]}/batch.csv")).Metadata["x-amz-meta-sha256"]);
        Assert.NotNull(await aws.HeadAsync($"{prefix}/models/chain/1/version.json"));
        // The artifact input: the report of the latest successful chain run.
        var run = trained.Json.GetProperty("run").GetString()!;
        var show = await CliProcess.RunAsync(p.Root, environment, "show", run, "--json");
        var report = show.Json.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("step").GetString() == "b").GetProperty("outputs").GetProperty("report").GetString()!;
        Assert.Equal($"s3://{S3Server.BucketName}/{prefix}/triggers/scoring/nightly/inputs/reference/{report[..16]}/", sent["ScheduleNightlyInputReference"]);
        Assert.Equal("ok\n", await aws.ReadAsync($"{prefix}/triggers/scoring/nightly/inputs/reference/{report[..16]}/report.txt"));
        Assert.Contains("chain@production is chain:1", deployed.Stderr, StringComparison.Ordinal);
        Assert.Contains("left to mlmax scheduler", deployed.Stderr, StringComparison.Ordinal);
        var template = server.RequestsOf("CreateStack").Single().Form["TemplateBody"];
        Assert.Contains("\"Starter\"", template, StringComparison.Ordinal);
        Assert.DoesNotContain("WatchIncoming", template, StringComparison.Ordinal);

        // A bound file that is gone: named, and no stack operation.
        File.Delete(p.PathOf("batch.csv"));
        server.Reset();
        var missing = await CliProcess.RunAsync(p.Root, environment, "aws", "deploy", "scoring", "--poll-seconds", "0.05");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("schedules.nightly.inputs.data: file", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("batch.csv does not exist", missing.Stderr, StringComparison.Ordinal);
        Assert.Empty(server.RequestsOf("CreateStack").Concat(server.RequestsOf("UpdateStack")));
    }
}
