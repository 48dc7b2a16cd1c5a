using System.Text.Json;
using Mlmax.Aws.Api;
using Mlmax.Aws.Runs;
using Mlmax.Metadata;
using Mlmax.Testing.Aws;

namespace Mlmax.Aws.Tests.Runs;

public sealed class StepFunctionsTests(ReplayFixture replay) : IClassFixture<ReplayFixture>
{
    private const string Run = "20261127-100500-ab12";
    private const string Job = "b-0f6d9e52-8a3c-4d1e-b7f0-2c4e6a8b0d13";

    private AwsReplayServer Arm()
    {
        var server = replay.Server;
        server.Reset();
        server.Variables["StateMachineArn"] = "arn:aws:states:us-east-1:123456789012:stateMachine:mlmax-test-project-chain";
        server.Variables["ExecutionArn"] = $"arn:aws:states:us-east-1:123456789012:execution:mlmax-test-project-chain:{Run}";
        server.Variables["ExecutionName"] = Run;
        server.Variables["ExecutionInput"] = "{\"parameters\":{\"n\":3},\"inputs\":{\"raw\":\"s3://b/p/runs/r/inputs/raw/data.txt\"}}";
        server.Variables["Bucket"] = "bucket-1";
        server.Variables["Prefix"] = "mlmax/test_project";
        server.Variables["StackName"] = "mlmax-test-project-chain";
        server.Variables["TrainingJobName"] = Job;
        return server;
    }

    [Fact]
    public async Task StartExecution_Input_SentAsJsonWithTarget()
    {
        var server = Arm();
        server.Expect(new Exchange
        {
            Service = "states",
            Action = "StartExecution",
            Fixture = "states/StartExecution.json",
            Expect = new Dictionary<string, string?> { ["stateMachineArn"] = server.Variables["StateMachineArn"], ["name"] = Run, ["input"] = "{\"parameters\":{}}" },
        });
        using var http = new HttpClient();

        var (arn, started) = await new StepFunctionsClient(replay.Settings, http, TimeProvider.System).StartExecutionAsync(server.Variables["StateMachineArn"], Run, "{\"parameters\":{}}", CancellationToken.None);

        Assert.Empty(server.Problems);
        Assert.Equal(server.Variables["ExecutionArn"], arn);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 10, 5, 0, TimeSpan.Zero), started);
        Assert.Equal("AWSStepFunctions.StartExecution", server.Requests.Single().Header("x-amz-target"));
    }

    [Fact]
    public async Task WaitAsync_TwoHistoryPages_EveryEventOnceAndBothStepsSucceeded()
    {
        var server = Arm();
        server.Expect(
            new Exchange { Service = "states", Action = "DescribeExecution", Fixture = "states/DescribeExecution-running.json" },
            new Exchange { Service = "states", Action = "DescribeExecution", Fixture = "states/DescribeExecution-succeeded.json", Times = null },
            new Exchange { Service = "states", Action = "GetExecutionHistory", Fixture = "states/GetExecutionHistory-succeeded-page1.json", Times = null, When = r => r.Field("nextToken") is null },
            new Exchange { Service = "states", Action = "GetExecutionHistory", Fixture = "states/GetExecutionHistory-succeeded-page2.json", Times = null, When = r => r.Field("nextToken") is not null });
        using var http = new HttpClient();
        var client = new StepFunctionsClient(replay.Settings, http, TimeProvider.System);
        var seen = new List<long>();

        var outcome = await new ExecutionWatcher(client, TimeProvider.System, TimeSpan.FromMilliseconds(10)).WaitAsync(server.Variables["ExecutionArn"], e => seen.Add(e.Id), null, CancellationToken.None);
        var steps = StepTimeline.Read(["a", "b"], outcome.History, outcome.Execution);

        Assert.Empty(server.Problems);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), seen);
        Assert.Equal("SUCCEEDED", outcome.Execution.Status);
        Assert.All(steps, s => Assert.Equal(RunStatus.Succeeded, s.Status));
        Assert.Equal(Job, steps[1].JobName);
        Assert.Equal(1, steps[1].Attempts);
        Assert.True(steps[1].EndedAt > steps[1].StartedAt);
    }

    [Fact]
    public async Task Read_TrainingJobFailed_StepFailedWithTheJobsReason()
    {
        var server = Arm();
        server.Expect(
            new Exchange { Service = "states", Action = "DescribeExecution", Fixture = "states/DescribeExecution-failed.json" },
            new Exchange { Service = "states", Action = "GetExecutionHistory", Fixture = "states/GetExecutionHistory-failed.json" });
        using var http = new HttpClient();
        var client = new StepFunctionsClient(replay.Settings, http, TimeProvider.System);

        var execution = await client.DescribeExecutionAsync(server.Variables["ExecutionArn"], CancellationToken.None);
        var steps = StepTimeline.Read(["a", "b"], await client.GetExecutionHistoryAsync(execution.ExecutionArn, CancellationToken.None), execution);

        Assert.Empty(server.Problems);
        Assert.Equal("mlmax.StepFailed", execution.Error);
        Assert.Equal(RunStatus.Succeeded, steps[0].Status);
        Assert.Equal(RunStatus.Failed, steps[1].Status);
        Assert.Equal("States.TaskFailed", steps[1].Error);
        Assert.Contains("AlgorithmError: mlmax: step b exited with code 3", steps[1].Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeExecution_Unknown_ErrorCodeFromType()
    {
        var server = Arm();
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = "com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist", ["message"] = "Execution Does Not Exist: 'arn:x'" });
        server.Expect(new Exchange { Service = "states", Action = "DescribeExecution", Body = body, Status = 400 });
        using var http = new HttpClient();

        var e = await Assert.ThrowsAsync<AwsApiException>(() => new StepFunctionsClient(replay.Settings, http, TimeProvider.System).DescribeExecutionAsync("arn:x", CancellationToken.None));

        Assert.Equal("ExecutionDoesNotExist", e.Code);
        Assert.Equal(400, e.StatusCode);
    }
}
