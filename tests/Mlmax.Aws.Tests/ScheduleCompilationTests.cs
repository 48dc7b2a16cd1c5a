using System.Text.Json;
using Mlmax.Aws.CloudFormation;
using Mlmax.Aws.Compilation;
using Mlmax.Definitions;
using Mlmax.Specs;
using Mlmax.Testing.Aws;

namespace Mlmax.Aws.Tests;

/// <summary>A pipeline's declared schedules compiled to EventBridge Scheduler schedules starting its state machine.</summary>
public sealed class ScheduleCompilationTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "mlmax-schedule-" + Guid.NewGuid().ToString("N"));

    private static CompiledPipeline CompileTraining(params PipelineSchedule[] schedules)
    {
        var root = Repository.CensusTemplate;
        var settings = new ProjectLoader().Load(Path.Combine(root, "mlmax.yaml"));
        var file = Path.Combine("pipelines", "training.yaml");
        var spec = new PipelineLoader().Load(Path.Combine(root, file)) with { Schedules = schedules };
        return new PipelineCompiler(root, settings).Compile(spec, file);
    }

    private static PipelineSchedule Nightly(string cron = "0 3 * * *") => new("nightly", cron)
    {
        TimeZone = "Europe/London",
        Parameters = new Dictionary<string, string> { ["seed"] = "7", ["split_ratio"] = "0.25" },
        Inputs = new Dictionary<string, string> { ["raw"] = "s3://census-data/incoming/census.csv" },
    };

    [Fact]
    public async Task Compile_DeclaredSchedule_ScheduleStartingTheStateMachinePassesTheValidator()
    {
        var compiled = CompileTraining(Nightly());
        compiled.WriteTo(_out);

        var schedule = (ScheduleProperties)compiled.Template.Resources["ScheduleNightly"].Properties;
        Assert.Equal("AWS::Scheduler::Schedule", compiled.Template.Resources["ScheduleNightly"].Type);
        Assert.Equal(("mlmax-census-training-nightly", "cron(0 3 * * ? *)", "Europe/London", "OFF"),
            (schedule.Name, schedule.ScheduleExpression, schedule.ScheduleExpressionTimezone, schedule.FlexibleTimeWindow.Mode));
        var input = JsonDocument.Parse(schedule.Target.Input).RootElement;
        Assert.Equal(7, input.GetProperty("parameters").GetProperty("seed").GetInt64());
        Assert.Equal(0.25, input.GetProperty("parameters").GetProperty("split_ratio").GetDouble());
        Assert.False(input.GetProperty("parameters").TryGetProperty("algorithm", out _));   // the state machine's defaults fill it in
        Assert.Equal("s3://census-data/incoming/census.csv", input.GetProperty("inputs").GetProperty("raw").GetString());

        var template = File.ReadAllText(Path.Combine(_out, "training.template.json"));
        var role = JsonDocument.Parse(template).RootElement.GetProperty("Resources").GetProperty("SchedulerRole").GetProperty("Properties");
        Assert.Equal("scheduler.amazonaws.com", role.GetProperty("AssumeRolePolicyDocument").GetProperty("Statement")[0].GetProperty("Principal").GetProperty("Service")[0].GetString());
        var statements = role.GetProperty("Policies")[0].GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray().ToList();
        Assert.Equal(["states:StartExecution"], statements[0].GetProperty("Action").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("StateMachine", statements[0].GetProperty("Resource")[0].GetProperty("Ref").GetString());
        Assert.Equal(["kms:GenerateDataKey"], statements[1].GetProperty("Action").EnumerateArray().Select(a => a.GetString()));
        var result = await AwsValidators.ValidateAsync(Path.Combine(_out, "training.template.json"), Path.Combine(_out, "training.asl.json"));
        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Compile_NoSchedules_NoScheduleResources()
    {
        var compiled = CompileTraining();

        Assert.DoesNotContain(compiled.Template.Resources.Values, r => r.Type == "AWS::Scheduler::Schedule");
        Assert.False(compiled.Template.Resources.ContainsKey("SchedulerRole"));
    }

    [Theory]
    [InlineData("0 3 * * *", "cron(0 3 * * ? *)")]
    [InlineData("*/15 9-17 * * 1-5", "cron(0/15 9-17 ? * MON-FRI *)")]
    [InlineData("30 2 1 */3 *", "cron(30 2 1 1/3 ? *)")]
    [InlineData("0 0 * * 0,7", "cron(0 0 ? * SUN,SUN *)")]
    [InlineData("0 6 * jan,jul sat", "cron(0 6 ? JAN,JUL SAT *)")]
    [InlineData("@hourly", "cron(0 * * * ? *)")]
    [InlineData("@weekly", "cron(0 0 ? * SUN *)")]
    public void Convert_Crontab_EventBridgeExpression(string crontab, string expected)
    {
        Assert.Equal(expected, EventBridgeCron.Convert(crontab));
    }

    [Theory]
    [InlineData("0 3 1 * 1", "restricts both the day of month and the day of week")]
    [InlineData("0 3 * * */2", "no steps ('/') in the day of week")]
    [InlineData("0 3 * * 5-7", "runs past Saturday")]
    public void Convert_NoEquivalent_Refused(string crontab, string message)
    {
        var e = Assert.Throws<FormatException>(() => EventBridgeCron.Convert(crontab));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_ScheduleThatCannotRunOnAws_RefusedNamingScheduleAndKey()
    {
        var local = Nightly("0 3 1 * 1") with { Inputs = new Dictionary<string, string> { ["raw"] = "data/census.csv" } };

        var e = Assert.Throws<AwsCompileException>(() => CompileTraining(local));

        Assert.Contains(e.Errors, m => m.StartsWith("schedules.nightly.cron: '0 3 1 * 1' restricts both", StringComparison.Ordinal));
        Assert.Contains(e.Errors, m => m.StartsWith("schedules.nightly.inputs.raw: a scheduled execution on AWS reads its inputs from S3, but 'raw' is bound to 'data/census.csv'", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }
}
