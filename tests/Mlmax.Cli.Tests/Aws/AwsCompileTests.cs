using System.Text.Json.Nodes;
using Mlmax.Testing.Aws;

namespace Mlmax.Cli.Tests.Aws;

/// <summary><c>mlmax aws compile</c> and <c>mlmax aws env</c>: what they write for the census projects passes AWS's published contracts, checked
/// offline by <see cref="AwsValidators"/>, and what cannot be compiled is refused with a clear error.</summary>
public sealed class AwsCompileTests
{
    [Theory]
    [InlineData("census", "DotnetImage")]
    [InlineData("census-python", "PythonImage")]
    public async Task AwsCompile_TemplatePipelines_EveryFilePassesEveryValidator(string template, string image)
    {
        using var p = new TempProject();
        Assert.Equal(0, (await CliProcess.RunAsync(Path.GetTempPath(), "init", p.Root, "--template", template)).ExitCode);

        var training = await p.RunAsync("aws", "compile", "training", "--out", "build/aws");
        var inference = await p.RunAsync("aws", "compile", "inference", "--out", "build/aws", "--json");
        var environment = await p.RunAsync("aws", "env", "--out", "build/aws");

        Assert.True(training.ExitCode == 0, training.All);
        Assert.True(inference.ExitCode == 0, inference.All);
        Assert.True(environment.ExitCode == 0, environment.All);
        Assert.Contains($"state machine mlmax-{template}-training", training.Stdout, StringComparison.Ordinal);
        Assert.Contains(image, training.Stdout, StringComparison.Ordinal);
        Assert.Equal($"mlmax-{template}-inference", inference.Json.GetProperty("state_machine").GetString());
        if (template == "census")
        {
            Assert.Matches(@"train\s+│\s+training\s+│\s+1 x ml\.m5\.xlarge", training.Stdout);
        }

        var files = new[] { "training.template.json", "training.asl.json", "inference.template.json", "inference.asl.json", "environment.template.json" }.Select(f => p.PathOf($"build/aws/{f}")).ToArray();
        var result = await AwsValidators.ValidateAsync(files);
        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public async Task AwsCompile_CompiledRequestBroken_ValidatorNamesThePlace()
    {
        using var p = new TempProject();
        Assert.Equal(0, (await CliProcess.RunAsync(Path.GetTempPath(), "init", p.Root, "--template", "census")).ExitCode);
        Assert.Equal(0, (await p.RunAsync("aws", "compile", "training", "--out", "build/aws")).ExitCode);
        var asl = JsonNode.Parse(File.ReadAllText(p.PathOf("build/aws/training.asl.json")))!;
        asl["States"]!["train"]!["Parameters"]!["ResourceConfig"]!["InstanceType"] = "ml.bogus.huge";
        asl["States"]!["evaluate"]!["Next"] = "nowhere";
        p.Write("broken.asl.json", asl.ToJsonString());

        var result = await AwsValidators.ValidateAsync(p.PathOf("broken.asl.json"), p.PathOf("build/aws/training.template.json"));

        Assert.Contains(result.Errors, e => e.Check == "sagemaker" && e.Path.EndsWith("States.train.Parameters.ResourceConfig.InstanceType", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.File.EndsWith("broken.asl.json", StringComparison.Ordinal) && e.Message.Contains("nowhere", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Errors, e => e.File.EndsWith("training.template.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AwsCompile_ReservedOutputName_RefusedNamingStepAndName()
    {
        using var p = TempProject.WithPipeline("p", """
            name: p
            steps:
              a:
                command: [sh, -c, "echo x > $MLMAX_OUTPUT_MLMAX/x"]
                outputs: [mlmax]
            """);

        var result = await p.RunAsync("aws", "compile", "p", "--out", "build/aws");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("steps.a: 'mlmax' is reserved", result.All, StringComparison.Ordinal);
        Assert.False(File.Exists(p.PathOf("build/aws/p.template.json")));
    }

    [Fact]
    public async Task AwsCompile_BadAwsBlock_ErrorNamesFileLineAndKey()
    {
        using var p = TempProject.WithPipeline("p", """
            name: p
            steps:
              a:
                command: [sh, -c, "echo x > $MLMAX_OUTPUT_X/x"]
                outputs: [x]
                aws: { job: spot }
            """);

        var result = await p.RunAsync("aws", "compile", "p");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("p.yaml:6:", result.All, StringComparison.Ordinal);
        Assert.Contains("steps.a.aws.job: unknown job 'spot'", result.All, StringComparison.Ordinal);
    }
}
