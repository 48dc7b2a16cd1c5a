using System.Text.Json.Nodes;
using Mlmax.Testing.Aws;

namespace Mlmax.Cli.Tests.Aws;

/// <summary>The offline AWS validator (tools/aws-validate) and its C# entry point, <see cref="AwsValidators"/>.</summary>
public sealed class AwsValidatorTests
{
    private static string Fixture(string name) => Path.Combine(AwsValidators.ToolDirectory, "test", "fixtures", name);

    [Fact]
    public async Task NodeTests_RunMjs_AllPass()
    {
        var run = await AwsValidators.RunNodeAsync(["test/run.mjs"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("# fail 0", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_TrainingTemplateAndDefinition_NoErrors()
    {
        var result = await AwsValidators.ValidateAsync(Fixture("training.template.json"), Fixture("training.asl.json"));

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public async Task ValidateAsync_RoleArnMissingAndBadInstanceType_ErrorsNameFileCheckAndPath()
    {
        using var p = new TempProject();
        var template = JsonNode.Parse(File.ReadAllText(Fixture("training.template.json")))!;
        var train = template["Resources"]!["TrainingStateMachine"]!["Properties"]!["Definition"]!["States"]!["Train"]!["Parameters"]!;
        train.AsObject().Remove("RoleArn");
        train["ResourceConfig"]!["InstanceType"] = "ml.bogus";
        p.Write("template.json", template.ToJsonString());

        var result = await AwsValidators.ValidateAsync(p.PathOf("template.json"));

        const string Train = "Resources.TrainingStateMachine.Properties.Definition.States.Train.Parameters";
        Assert.Equal(2, result.Errors.Count);
        Assert.Contains(result.Errors, e => (e.Check, e.Path, e.Message) == ("sagemaker", Train, "required member RoleArn of CreateTrainingJobRequest is missing"));
        Assert.Contains(result.Errors, e => (e.Check, e.Path) == ("sagemaker", $"{Train}.ResourceConfig.InstanceType") && e.Message.Contains("\"ml.bogus\" is not one of", StringComparison.Ordinal));
        Assert.All(result.Errors, e => Assert.Equal(p.PathOf("template.json"), e.File));
    }

    [Fact]
    public async Task ValidateAsync_FileOfNeitherKind_ThrowsWithValidatorMessage()
    {
        using var p = new TempProject();
        p.Write("settings.json", "{\"name\": \"x\"}");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => AwsValidators.ValidateAsync(p.PathOf("settings.json")));

        Assert.Contains("neither a state machine definition", e.Message, StringComparison.Ordinal);
    }
}
