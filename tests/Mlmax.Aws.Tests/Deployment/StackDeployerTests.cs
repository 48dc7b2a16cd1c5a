using Mlmax.Aws.Api;
using Mlmax.Aws.Deployment;
using Mlmax.Testing.Aws;

namespace Mlmax.Aws.Tests.Deployment;

public sealed class StackDeployerTests(ReplayFixture replay) : IClassFixture<ReplayFixture>
{
    private const string Stack = "mlmax-census-training";

    private static StackRequest Request => new()
    {
        StackName = Stack,
        TemplateBody = "{\"Resources\":{}}",
        Parameters = new Dictionary<string, string> { ["ArtifactBucket"] = "bucket-1", ["SubnetIds"] = "subnet-a,subnet-b" },
        Capabilities = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
        Tags = new Dictionary<string, string> { ["mlmax:project"] = "census" },
    };

    private AwsReplayServer Arm()
    {
        var server = replay.Server;
        server.Reset();
        server.Variables["StackName"] = Stack;
        server.Variables["StackId"] = $"arn:aws:cloudformation:us-east-1:123456789012:stack/{Stack}/8f4ac2b0-cb7e-11f0-9d2a-0affd3b1c9e1";
        server.Variables["StateMachineArn"] = "arn:aws:states:us-east-1:123456789012:stateMachine:mlmax-census-training";
        server.Variables["Bucket"] = "bucket-1";
        server.Variables["CodeVersion"] = "e3c383aa61e71254";
        return server;
    }

    private StackDeployer Deployer(HttpClient http) => new(new CloudFormationClient(replay.Settings, http, TimeProvider.System), TimeProvider.System, TimeSpan.FromMilliseconds(20));

    [Fact]
    public async Task DeployAsync_NoStack_CreatesWithQueryFieldsAndStreamsItsEvents()
    {
        var server = Arm();
        server.Expect(
            new Exchange { Service = "cloudformation", Action = "DescribeStacks", Fixture = "cloudformation/DescribeStacks-does-not-exist.xml", Status = 400, Expect = new Dictionary<string, string?> { ["StackName"] = Stack } },
            new Exchange
            {
                Service = "cloudformation",
                Action = "CreateStack",
                Fixture = "cloudformation/CreateStack.xml",
                Expect = new Dictionary<string, string?>
                {
                    ["StackName"] = Stack,
                    ["TemplateBody"] = "{\"Resources\":{}}",
                    ["Parameters.member.1.ParameterKey"] = "ArtifactBucket",
                    ["Parameters.member.1.ParameterValue"] = "bucket-1",
                    ["Parameters.member.2.ParameterKey"] = "SubnetIds",
                    ["Parameters.member.2.ParameterValue"] = "subnet-a,subnet-b",
                    ["Capabilities.member.1"] = "CAPABILITY_IAM",
                    ["Capabilities.member.2"] = "CAPABILITY_NAMED_IAM",
                    ["Tags.member.1.Key"] = "mlmax:project",
                    ["Tags.member.1.Value"] = "census",
                    ["ClientRequestToken"] = null,
                },
                Capture = new Dictionary<string, string> { ["ClientRequestToken"] = "ClientRequestToken" },
            },
            new Exchange { Service = "cloudformation", Action = "DescribeStacks", Fixture = "cloudformation/DescribeStacks-create-in-progress.xml" },
            new Exchange { Service = "cloudformation", Action = "DescribeStacks", Fixture = "cloudformation/DescribeStacks-create-complete.xml", Times = null },
            new Exchange { Service = "cloudformation", Action = "DescribeStackEvents", Fixture = "cloudformation/DescribeStackEvents-create.xml", Times = null });
        using var http = new HttpClient();
        var events = new List<StackEvent>();

        var result = await Deployer(http).DeployAsync(Request, events.Add, CancellationToken.None);

        Assert.Empty(server.Problems);
        Assert.Equal(StackOperation.Created, result.Operation);
        Assert.Equal("CREATE_COMPLETE", result.Stack.Status);
        Assert.Equal("arn:aws:states:us-east-1:123456789012:stateMachine:mlmax-census-training", result.Stack.Outputs["StateMachineArn"]);
        Assert.Equal(9, events.Count);
        Assert.Equal(("CREATE_IN_PROGRESS", Stack), (events[0].ResourceStatus, events[0].LogicalResourceId));
        Assert.Equal("CREATE_COMPLETE", events[^1].ResourceStatus);
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp), "events are not oldest first");
    }

    [Fact]
    public async Task DeployAsync_NothingChanged_NoUpdatesIsSuccess()
    {
        var server = Arm();
        server.Expect(
            new Exchange { Service = "cloudformation", Action = "DescribeStacks", Fixture = "cloudformation/DescribeStacks-create-complete.xml" },
            new Exchange { Service = "cloudformation", Action = "UpdateStack", Fixture = "cloudformation/UpdateStack-no-updates.xml", Status = 400 });
        using var http = new HttpClient();

        var result = await Deployer(http).DeployAsync(Request, _ => { }, CancellationToken.None);

        Assert.Empty(server.Problems);
        Assert.Equal(StackOperation.Unchanged, result.Operation);
        Assert.Equal("CREATE_COMPLETE", result.Stack.Status);
    }

    [Fact]
    public async Task DeployAsync_ResourceFails_ThrowsWithTheFailingResourcesReason()
    {
        var server = Arm();
        server.Expect(
            new Exchange { Service = "cloudformation", Action = "DescribeStacks", Fixture = "cloudformation/DescribeStacks-does-not-exist.xml", Status = 400 },
            new Exchange { Service = "cloudformation", Action = "CreateStack", Fixture = "cloudformation/CreateStack.xml", Capture = new Dictionary<string, string> { ["ClientRequestToken"] = "ClientRequestToken" } },
            new Exchange { Service = "cloudformation", Action = "DescribeStacks", Fixture = "cloudformation/DescribeStacks-rollback-complete.xml", Times = null },
            new Exchange { Service = "cloudformation", Action = "DescribeStackEvents", Fixture = "cloudformation/DescribeStackEvents-create-failed.xml", Times = null });
        using var http = new HttpClient();

        var e = await Assert.ThrowsAsync<StackDeployException>(() => Deployer(http).DeployAsync(Request, _ => { }, CancellationToken.None));

        Assert.Empty(server.Problems);
        Assert.Equal("ROLLBACK_COMPLETE", e.Status);
        Assert.Equal("SageMakerRole", e.Cause?.LogicalResourceId);
        Assert.Contains("SageMakerRole (AWS::IAM::Role) CREATE_FAILED", e.Message, StringComparison.Ordinal);
        Assert.Contains("is not authorized to perform: iam:CreateRole", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("StepFunctionsRole (AWS::IAM::Role) CREATE_FAILED: Resource creation cancelled", e.Message, StringComparison.Ordinal);
        Assert.Contains("delete-stack --stack-name mlmax-census-training", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeStackAsync_AccessDenied_MessageNamesThePermission()
    {
        var server = Arm();
        const string Denied = "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><Error><Type>Sender</Type><Code>AccessDenied</Code>"
            + "<Message>User: arn:aws:iam::123456789012:user/dev is not authorized to perform: cloudformation:DescribeStacks</Message></Error><RequestId>r-1</RequestId></ErrorResponse>";
        server.Expect(new Exchange { Service = "cloudformation", Action = "DescribeStacks", Body = Denied, Status = 403 });
        using var http = new HttpClient();

        var e = await Assert.ThrowsAsync<AwsApiException>(() => new CloudFormationClient(replay.Settings, http, TimeProvider.System).DescribeStackAsync(Stack, CancellationToken.None));

        Assert.True(e.IsAccessDenied);
        Assert.Contains("needs permission for cloudformation:DescribeStacks", e.Message, StringComparison.Ordinal);
        Assert.Contains("[request id r-1]", e.Message, StringComparison.Ordinal);
    }
}
