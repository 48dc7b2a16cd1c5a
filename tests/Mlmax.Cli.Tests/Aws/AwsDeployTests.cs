using Mlmax.Testing.Aws;
using Mlmax.Testing.S3;

namespace Mlmax.Cli.Tests.Aws;

/// <summary><c>mlmax aws deploy</c> against s3rver and recorded CloudFormation responses.</summary>
[Collection("aws")]
public sealed class AwsDeployTests(AwsFixture aws)
{
    private static void NoSecrets(CliResult r)
    {
        Assert.DoesNotContain(S3Server.SecretAccessKey, r.All, StringComparison.Ordinal);
        Assert.DoesNotContain(AwsFixture.SessionToken, r.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_NewStackThenAgainThenUnchanged_CreatesUpdatesAndNoUpdatesIsSuccess()
    {
        var environment = aws.Environment();
        var (p, version) = await AwsProjects.CreateAsync(environment);
        using var project = p;
        var prefix = $"deploy-{Guid.NewGuid():N}"[..20];
        const string Stack = "chain-deploy";
        var server = aws.Replay;
        server.Reset();
        AwsProjects.Variables(server, Stack, version);
        server.Expect(AwsProjects.Creation(Stack));

        var created = await CliProcess.RunAsync(p.Root, environment, "aws", "deploy", "chain", "--stack", Stack, "--env-stack", AwsProjects.EnvStack,
            "--image", "Command=123456789012.dkr.ecr.us-east-1.amazonaws.com/mlmax-command:1", "--param", $"ArtifactPrefix={prefix}", "--poll-seconds", "0.05", "--json");

        Assert.True(created.ExitCode == 0, created.ToString() + string.Join('\n', server.Problems));
        Assert.Empty(server.Problems);
        NoSecrets(created);
        Assert.Equal("created", created.Json.GetProperty("operation").GetString());
        Assert.Equal($"arn:aws:states:us-east-1:123456789012:stateMachine:{Stack}-sm", created.Json.GetProperty("outputs").GetProperty("StateMachineArn").GetString());
        var sent = AwsProjects.Parameters(server.RequestsOf("CreateStack").Single());
        Assert.Equal(S3Server.BucketName, sent["ArtifactBucket"]);
        Assert.Equal(AwsProjects.KmsKeyArn, sent["KmsKeyArn"]);
        Assert.Equal("subnet-0a1b2c3d4e5f60718,subnet-0f1e2d3c4b5a69788", sent["SubnetIds"]);
        Assert.Equal("sg-0123456789abcdef0", sent["SecurityGroupIds"]);
        Assert.Equal(version, sent["CodeVersion"]);
        Assert.Equal(prefix, sent["ArtifactPrefix"]);
        Assert.Equal("123456789012.dkr.ecr.us-east-1.amazonaws.com/mlmax-command:1", sent["CommandImage"]);
        Assert.Contains("CREATE_COMPLETE", created.Stderr, StringComparison.Ordinal);
        Assert.Contains("StateMachine", created.Stderr, StringComparison.Ordinal);
        var runtime = await aws.HeadAsync($"{prefix}/code/{version}/runtime.tar.gz");
        Assert.Equal(AwsFixture.Sha256($"package runtime.tar.gz of code version {version}\n"), runtime.Metadata["x-amz-meta-sha256"]);
        Assert.True(File.Exists(p.PathOf(".mlmax/aws/chain.json")));

        // Again, with no flags: the same target from the deployment remembered; packages already uploaded are not sent again.
        server.Reset();
        server.Expect(
            new Exchange { Service = "cloudformation", Action = "DescribeStacks", Fixture = "cloudformation/DescribeStacks-create-complete.xml" },
            new Exchange
            {
                Service = "cloudformation", Action = "UpdateStack", Fixture = "cloudformation/UpdateStack.xml",
                Expect = new Dictionary<string, string?> { ["StackName"] = Stack, ["TemplateBody"] = null },
                Capture = new Dictionary<string, string> { ["ClientRequestToken"] = "ClientRequestToken" },
            },
            new Exchange { Service = "cloudformation", Action = "DescribeStacks", Fixture = "cloudformation/DescribeStacks-update-in-progress.xml" },
            new Exchange { Service = "cloudformation", Action = "DescribeStacks", Fixture = "cloudformation/DescribeStacks-update-complete.xml", Times = null },
            new Exchange { Service = "cloudformation", Action = "DescribeStackEvents", Fixture = "cloudformation/DescribeStackEvents-update.xml", Times = null });

        var updated = await CliProcess.RunAsync(p.Root, environment, "aws", "deploy", "chain", "--poll-seconds", "0.05", "--json");

        Assert.True(updated.ExitCode == 0, updated.ToString() + string.Join('\n', server.Problems));
        Assert.Empty(server.Problems);
        NoSecrets(updated);
        Assert.Equal("updated", updated.Json.GetProperty("operation").GetString());
        Assert.Equal(sent, AwsProjects.Parameters(server.RequestsOf("UpdateStack").Single()));
        Assert.Contains("runtime.tar.gz", updated.Stderr, StringComparison.Ordinal);
        Assert.Contains("already in", updated.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("uploaded to", updated.Stderr, StringComparison.Ordinal);
        Assert.Contains("UPDATE_COMPLETE", updated.Stderr, StringComparison.Ordinal);

        // Nothing changed: CloudFormation's "No updates are to be performed." is a success.
        server.Reset();
        server.Expect(
            new Exchange { Service = "cloudformation", Action = "DescribeStacks", Fixture = "cloudformation/DescribeStacks-update-complete.xml", Times = null },
            new Exchange { Service = "cloudformation", Action = "UpdateStack", Fixture = "cloudformation/UpdateStack-no-updates.xml", Status = 400 });

        var unchanged = await CliProcess.RunAsync(p.Root, environment, "aws", "deploy", "chain", "--poll-seconds", "0.05");

        Assert.True(unchanged.ExitCode == 0, unchanged.ToString() + string.Join('\n', server.Problems));
        Assert.Empty(server.Problems);
        NoSecrets(unchanged);
        Assert.Contains("unchanged", unchanged.Stdout, StringComparison.Ordinal);
        Assert.Contains("StateMachineArn", unchanged.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_ResourceFails_ExitOneWithTheFailingResourceAndItsReason()
    {
        var environment = aws.Environment();
        var (p, version) = await AwsProjects.CreateAsync(environment);
        using var project = p;
        const string Stack = "chain-fails";
        var server = aws.Replay;
        server.Reset();
        AwsProjects.Variables(server, Stack, version);
        server.Expect(AwsProjects.Creation(Stack, fails: true));

        var r = await CliProcess.RunAsync(p.Root, environment, "aws", "deploy", "chain", "--stack", Stack, "--env-stack", AwsProjects.EnvStack,
            "--image", "Command=123456789012.dkr.ecr.us-east-1.amazonaws.com/mlmax-command:1", "--param", $"ArtifactPrefix=fails-{Guid.NewGuid():N}"[..30], "--poll-seconds", "0.05");

        Assert.Equal(1, r.ExitCode);
        Assert.Empty(server.Problems);
        NoSecrets(r);
        Assert.Contains("ROLLBACK_COMPLETE", r.All, StringComparison.Ordinal);
        Assert.Contains("SageMakerRole (AWS::IAM::Role) CREATE_FAILED", r.All, StringComparison.Ordinal);
        Assert.Contains("is not authorized to perform: iam:CreateRole", r.All, StringComparison.Ordinal);
        Assert.Contains($"delete-stack --stack-name {Stack}", r.All, StringComparison.Ordinal);
        Assert.False(File.Exists(p.PathOf(".mlmax/aws/chain.json")), "a failed deployment was remembered");
    }

    [Fact]
    public async Task Deploy_NoCredentials_ExitTwoSayingHowToConfigure()
    {
        var environment = aws.Environment();
        var (p, _) = await AwsProjects.CreateAsync(environment);
        using var project = p;
        environment["AWS_ACCESS_KEY_ID"] = "";
        environment["AWS_SECRET_ACCESS_KEY"] = "";
        environment["AWS_SESSION_TOKEN"] = "";
        aws.Replay.Reset();

        var r = await CliProcess.RunAsync(p.Root, environment, "aws", "deploy", "chain", "--bucket", "b-1", "--kms-key", AwsProjects.KmsKeyArn, "--subnets", "subnet-1", "--security-groups", "sg-1");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no AWS credentials found", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("run 'aws configure', set AWS_PROFILE, or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY and AWS_REGION", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", r.All, StringComparison.Ordinal);
        Assert.Empty(aws.Replay.Requests);
    }

    [Fact]
    public async Task Deploy_MissingTarget_ExitTwoListingWhatToPass()
    {
        var environment = aws.Environment();
        var (p, _) = await AwsProjects.CreateAsync(environment);
        using var project = p;
        aws.Replay.Reset();

        var r = await CliProcess.RunAsync(p.Root, environment, "aws", "deploy", "chain", "--bucket", S3Server.BucketName);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--kms-key is missing", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("--subnets is missing", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("--env-stack NAME", r.Stderr, StringComparison.Ordinal);
        Assert.Empty(aws.Replay.Requests);
    }
}
