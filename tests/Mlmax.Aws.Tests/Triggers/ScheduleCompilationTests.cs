using System.Text.Json;
using Mlmax.Aws.CloudFormation;
using Mlmax.Aws.Compilation;
using Mlmax.Definitions;
using Mlmax.Specs;
using Mlmax.Testing.Aws;

namespace Mlmax.Aws.Tests.Triggers;

/// <summary>A pipeline's declared schedules and watches compiled to EventBridge schedules and rules starting its state machine through the starter.</summary>
public sealed class ScheduleCompilationTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "mlmax-schedule-" + Guid.NewGuid().ToString("N"));

    private static CompiledPipeline CompileTraining(params PipelineSchedule[] schedules) => CompileTraining(schedules, []);

    private static CompiledPipeline CompileTraining(PipelineSchedule[] schedules, PipelineWatch[] watches)
    {
        var root = Repository.CensusTemplate;
        var settings = new ProjectLoader().Load(Path.Combine(root, "mlmax.yaml"));
        var file = Path.Combine("pipelines", "training.yaml");
        var spec = new PipelineLoader().Load(Path.Combine(root, file)) with { Schedules = schedules, Watches = watches };
        return new PipelineCompiler(root, settings).Compile(spec, file);
    }

    private static CompiledPipeline CompileInference(params PipelineSchedule[] schedules)
    {
        var root = Repository.CensusTemplate;
        var settings = new ProjectLoader().Load(Path.Combine(root, "mlmax.yaml"));
        var file = Path.Combine("pipelines", "inference.yaml");
        return new PipelineCompiler(root, settings).Compile(new PipelineLoader().Load(Path.Combine(root, file)) with { Schedules = schedules }, file);
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
        var input = JsonDocument.Parse((string)schedule.Target.Input).RootElement;
        Assert.Equal(7, input.GetProperty("parameters").GetProperty("seed").GetInt64());
        Assert.Equal(0.25, input.GetProperty("parameters").GetProperty("split_ratio").GetDouble());
        Assert.False(input.GetProperty("parameters").TryGetProperty("algorithm", out _));   // the state machine's defaults fill it in
        Assert.Equal("s3://census-data/incoming/census.csv", input.GetProperty("inputs").GetProperty("raw").GetString());
        // EventBridge Scheduler fills in the slot: the starter names the execution after it.
        Assert.Equal("schedule", input.GetProperty("trigger").GetProperty("kind").GetString());
        Assert.Equal("training.nightly", input.GetProperty("trigger").GetProperty("source").GetString());
        Assert.Equal("<aws.scheduler.scheduled-time>", input.GetProperty("trigger").GetProperty("detail").GetString());
        Assert.Equal("Starter", JsonDocument.Parse(AwsJson.Serialize(schedule.Target.Arn)).RootElement.GetProperty("Ref").GetString());

        var template = File.ReadAllText(Path.Combine(_out, "training.template.json"));
        var role = JsonDocument.Parse(template).RootElement.GetProperty("Resources").GetProperty("SchedulerRole").GetProperty("Properties");
        Assert.Equal("scheduler.amazonaws.com", role.GetProperty("AssumeRolePolicyDocument").GetProperty("Statement")[0].GetProperty("Principal").GetProperty("Service")[0].GetString());
        var statements = role.GetProperty("Policies")[0].GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray().ToList();
        Assert.Equal(["states:StartExecution"], statements[0].GetProperty("Action").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("Starter", statements[0].GetProperty("Resource")[0].GetProperty("Ref").GetString());
        Assert.Equal(["kms:GenerateDataKey"], statements[1].GetProperty("Action").EnumerateArray().Select(a => a.GetString()));
        var starter = JsonDocument.Parse(template).RootElement.GetProperty("Resources").GetProperty("StarterRole").GetProperty("Properties")
            .GetProperty("Policies")[0].GetProperty("PolicyDocument").GetProperty("Statement")[0];
        Assert.Equal("StateMachine", starter.GetProperty("Resource")[0].GetProperty("Ref").GetString());
        var jobs = JsonDocument.Parse(template).RootElement.GetProperty("Resources").GetProperty("SageMakerRole").GetProperty("Properties")
            .GetProperty("Policies")[0].GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray()
            .Single(x => x.GetProperty("Sid").GetString() == "ReadTriggerInputs");
        Assert.Equal("arn:${AWS::Partition}:s3:::census-data/incoming/census.csv", jobs.GetProperty("Resource")[0].GetProperty("Fn::Sub").GetString());
        var result = await AwsValidators.ValidateAsync(
            Path.Combine(_out, "training.template.json"), Path.Combine(_out, "training.asl.json"), Path.Combine(_out, "training.starter.asl.json"));
        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Compile_NoSchedules_NoScheduleResources()
    {
        var compiled = CompileTraining();

        Assert.DoesNotContain(compiled.Template.Resources.Values, r => r.Type is "AWS::Scheduler::Schedule" or "AWS::Events::Rule");
        Assert.False(compiled.Template.Resources.ContainsKey("SchedulerRole"));
        Assert.False(compiled.Template.Resources.ContainsKey("Starter"));
        Assert.Null(compiled.Starter);
        Assert.Null(compiled.Manifest.Uploads);
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
        var root = Repository.CensusTemplate;
        var settings = new ProjectLoader().Load(Path.Combine(root, "mlmax.yaml"));
        var file = Path.Combine("pipelines", "training.yaml");
        var loaded = new PipelineLoader().Load(Path.Combine(root, file));
        var spec = loaded with
        {
            Inputs = [.. loaded.Inputs, new InputSpec("holdout", InputKind.File)],
            Schedules = [new PipelineSchedule("nightly", "0 3 1 * 1")],
        };

        var e = Assert.Throws<AwsCompileException>(() => new PipelineCompiler(root, settings).Compile(spec, file));

        Assert.Contains(e.Errors, m => m.StartsWith("schedules.nightly.cron: '0 3 1 * 1' restricts both", StringComparison.Ordinal));
        Assert.Contains(e.Errors, m => m.StartsWith("schedules.nightly.inputs.holdout: not bound, and the input has no default", StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_ScheduleOfAPipelineWithAnArtifactInput_TheArtifactIsADeployUpload()
    {
        var root = Repository.CensusTemplate;
        var settings = new ProjectLoader().Load(Path.Combine(root, "mlmax.yaml"));
        var file = Path.Combine("pipelines", "training.yaml");
        var loaded = new PipelineLoader().Load(Path.Combine(root, file));
        var spec = loaded with
        {
            Inputs = [.. loaded.Inputs, new InputSpec("reference", InputKind.Artifact, From: new ArtifactSource("training", "preprocess", "transform"))],
            Schedules = [Nightly()],
        };

        var compiled = new PipelineCompiler(root, settings).Compile(spec, file);

        Assert.Equal(new UploadEntry("ScheduleNightlyInputReference", "schedules.nightly", "artifact", "reference", ""), Assert.Single(compiled.Manifest.Uploads!));
        Assert.Contains("the one the latest successful run made", compiled.Template.Parameters["ScheduleNightlyInputReference"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_ScheduleBindingALocalFile_TemplateParameterDeployFills()
    {
        var local = Nightly() with { Inputs = new Dictionary<string, string> { ["raw"] = "data/census.csv" } };

        var compiled = CompileTraining(local);

        var upload = Assert.Single(compiled.Manifest.Uploads!);
        Assert.Equal(new UploadEntry("ScheduleNightlyInputRaw", "schedules.nightly", "file", "raw", "data/census.csv"), upload);
        Assert.Contains("ScheduleNightlyInputRaw", compiled.Manifest.RequiredParameters);
        Assert.Equal("^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$", compiled.Template.Parameters["ScheduleNightlyInputRaw"].AllowedPattern);
        var schedule = (ScheduleProperties)compiled.Template.Resources["ScheduleNightly"].Properties;
        var sub = JsonDocument.Parse(AwsJson.Serialize(schedule.Target.Input)).RootElement.GetProperty("Fn::Sub").GetString()!;
        Assert.Equal("${ScheduleNightlyInputRaw}", JsonDocument.Parse(sub).RootElement.GetProperty("inputs").GetProperty("raw").GetString());
        // Nothing outside the project's prefix to read: the upload goes under it.
        Assert.DoesNotContain("ReadTriggerInputs", AwsJson.Serialize(compiled.Template.Resources["SageMakerRole"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_PredictPipelineScheduled_ModelVersionIsADeployUpload()
    {
        var compiled = CompileInference(new PipelineSchedule("hourly", "0 * * * *") { Parameters = new Dictionary<string, string> { ["model"] = "census@production" } });

        Assert.Equal(
            [new UploadEntry("ScheduleHourlyInputData", "schedules.hourly", "file", "data", "data/census-income-sample.csv"), new UploadEntry("ScheduleHourlyModelModel", "schedules.hourly", "model", "model", "census@production")],
            compiled.Manifest.Uploads!.OrderBy(u => u.Parameter, StringComparer.Ordinal));
        var schedule = (ScheduleProperties)compiled.Template.Resources["ScheduleHourly"].Properties;
        var input = JsonDocument.Parse(JsonDocument.Parse(AwsJson.Serialize(schedule.Target.Input)).RootElement.GetProperty("Fn::Sub").GetString()!).RootElement;
        Assert.Equal("${ScheduleHourlyModelModel}", input.GetProperty("models").GetProperty("model").GetString());
        Assert.Equal("census@production", input.GetProperty("parameters").GetProperty("model").GetString());
        Assert.Contains(compiled.Starter!.States.Values.OfType<Mlmax.Aws.StepFunctions.TaskState>(), t => AwsJson.Serialize(t.Parameters).Contains("\"models.$\": \"$.models\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Compile_S3Watch_RuleStartsTheStarterWithTheObject()
    {
        var compiled = CompileTraining([],
        [
            new PipelineWatch("drops", "s3://census-data/drops", "raw") { Pattern = "*.csv", Parameters = new Dictionary<string, string> { ["seed"] = "3" } },
            new PipelineWatch("incoming", "incoming/", "raw"),
        ]);
        compiled.WriteTo(_out);

        var rule = (EventsRuleProperties)compiled.Template.Resources["WatchDrops"].Properties;
        Assert.Equal("mlmax-census-training-drops", rule.Name);
        var pattern = JsonDocument.Parse(AwsJson.Serialize(rule.EventPattern)).RootElement;
        Assert.Equal("Object Created", pattern.GetProperty("detail-type")[0].GetString());
        Assert.Equal("census-data", pattern.GetProperty("detail").GetProperty("bucket").GetProperty("name")[0].GetString());
        Assert.Equal("drops/*.csv", pattern.GetProperty("detail").GetProperty("object").GetProperty("key")[0].GetProperty("wildcard").GetString());
        var target = Assert.Single(rule.Targets);
        var template = JsonDocument.Parse((string)target.InputTransformer.InputTemplate).RootElement;
        Assert.Equal("s3://<bucket>/<key>", template.GetProperty("inputs").GetProperty("raw").GetString());
        Assert.Equal(3, template.GetProperty("parameters").GetProperty("seed").GetInt64());
        Assert.Equal("<key> (ETag <etag>)", template.GetProperty("trigger").GetProperty("detail").GetString());
        Assert.Equal("$.detail.object.key", target.InputTransformer.InputPathsMap["key"]);
        // The local watch stays with mlmax scheduler.
        Assert.False(compiled.Template.Resources.ContainsKey("WatchIncoming"));
        Assert.Contains(compiled.Notes, n => n.StartsWith("watches.incoming: 'incoming/' is a local directory", StringComparison.Ordinal));
        var role = AwsJson.Serialize(compiled.Template.Resources["SageMakerRole"]);
        Assert.Contains("arn:${AWS::Partition}:s3:::census-data/drops/*", role, StringComparison.Ordinal);
        Assert.Contains("\"drops/*\"", role, StringComparison.Ordinal);
        Assert.Equal("events.amazonaws.com", JsonDocument.Parse(AwsJson.Serialize(compiled.Template.Resources["WatchEventsRole"].Properties)).RootElement
            .GetProperty("AssumeRolePolicyDocument").GetProperty("Statement")[0].GetProperty("Principal").GetProperty("Service")[0].GetString());
        var result = await AwsValidators.ValidateAsync(
            Path.Combine(_out, "training.template.json"), Path.Combine(_out, "training.asl.json"), Path.Combine(_out, "training.starter.asl.json"));
        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Compile_WatchPatternEventBridgeCannotMatch_Refused()
    {
        var e = Assert.Throws<AwsCompileException>(() => CompileTraining([], [new PipelineWatch("drops", "s3://census-data/drops", "raw") { Pattern = "day-?.csv" }]));

        Assert.Contains(e.Errors, m => m.StartsWith("watches.drops.pattern: 'day-?.csv': an EventBridge pattern matches '*' only", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }
}
