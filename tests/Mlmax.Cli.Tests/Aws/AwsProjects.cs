using System.Text.Json;
using Mlmax.Testing.Aws;
using Mlmax.Testing.S3;

namespace Mlmax.Cli.Tests.Aws;

/// <summary>The project the AWS commands are tested with, and the recorded exchanges of a first deployment.</summary>
internal static class AwsProjects
{
    public const string Pipeline = """
        name: chain
        parameters:
          n: { type: integer, default: 1 }
        inputs:
          raw: { type: file, default: data.txt }
        steps:
          a:
            command: [bash, a.sh]
            inputs: { raw: inputs.raw }
            outputs: [out]
            parameters: { n: "${params.n}" }
          b:
            command: [bash, b.sh]
            inputs: { x: a.out }
            outputs: [model, report]
            aws: { job: training }
        model:
          name: chain
          metrics: b
          bundle:
            model: b.model
        """;

    public const string EnvStack = "mlmax-env";
    public const string KmsKeyArn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    public const string TrainingJob = "b-0f6d9e52-8a3c-4d1e-b7f0-2c4e6a8b0d13";

    /// <summary>A project with the chain pipeline, its code packages already built (the packager is tested on its own).</summary>
    public static async Task<(TempProject Project, string CodeVersion)> CreateAsync(IReadOnlyDictionary<string, string> environment)
    {
        var p = TempProject.WithPipeline("chain", Pipeline);
        p.Write("a.sh", "cat \"$MLMAX_INPUT_RAW\"/* > \"$MLMAX_OUTPUT_OUT/a.txt\"\n");
        p.Write("b.sh", "cp \"$MLMAX_INPUT_X/a.txt\" \"$MLMAX_OUTPUT_MODEL/model.bin\"\n");
        p.Write("data.txt", "hello\n");
        var compiled = await CliProcess.RunAsync(p.Root, environment, "aws", "compile", "chain", "--out", "build/aws", "--json");
        Assert.True(compiled.ExitCode == 0, compiled.ToString());
        var version = compiled.Json.GetProperty("code_version").GetString()!;
        using var manifest = JsonDocument.Parse(File.ReadAllText(p.PathOf("build/aws/chain.manifest.json")));
        foreach (var package in manifest.RootElement.GetProperty("packages").EnumerateArray())
        {
            var name = package.GetProperty("name").GetString()!;
            p.Write($".mlmax/aws/packages/{version}/{name}", $"package {name} of code version {version}\n");
        }

        return (p, version);
    }

    /// <summary>Sets the variables the fixtures name for a stack.</summary>
    public static void Variables(AwsReplayServer server, string stack, string codeVersion)
    {
        server.Variables["StackName"] = stack;
        server.Variables["StackId"] = $"arn:aws:cloudformation:us-east-1:123456789012:stack/{stack}/8f4ac2b0-cb7e-11f0-9d2a-0affd3b1c9e1";
        server.Variables["StateMachineArn"] = $"arn:aws:states:us-east-1:123456789012:stateMachine:{stack}-sm";
        server.Variables["Bucket"] = S3Server.BucketName;
        server.Variables["CodeVersion"] = codeVersion;
        server.Variables["EnvStackName"] = EnvStack;
        server.Variables["KmsKeyArn"] = KmsKeyArn;
    }

    /// <summary>The exchanges of a stack's creation, as CloudFormation answered them.</summary>
    public static Exchange[] Creation(string stack, bool fails = false) =>
    [
        new() { Service = "cloudformation", Action = "DescribeStacks", Fixture = "cloudformation/DescribeStacks-environment.xml", Times = null, When = r => r.Field("StackName") == EnvStack },
        new() { Service = "cloudformation", Action = "DescribeStacks", Fixture = "cloudformation/DescribeStacks-does-not-exist.xml", Status = 400, When = r => r.Field("StackName") == stack },
        new()
        {
            Service = "cloudformation",
            Action = "CreateStack",
            Fixture = "cloudformation/CreateStack.xml",
            Expect = new Dictionary<string, string?>
            {
                ["StackName"] = stack,
                ["TemplateBody"] = null,
                ["Capabilities.member.1"] = "CAPABILITY_IAM",
                ["Capabilities.member.2"] = "CAPABILITY_NAMED_IAM",
                ["ClientRequestToken"] = null,
            },
            Capture = new Dictionary<string, string> { ["ClientRequestToken"] = "ClientRequestToken" },
        },
        new() { Service = "cloudformation", Action = "DescribeStacks", Fixture = "cloudformation/DescribeStacks-create-in-progress.xml", When = r => r.Field("StackName") == stack },
        new()
        {
            Service = "cloudformation", Action = "DescribeStacks", Times = null, When = r => r.Field("StackName") == stack,
            Fixture = fails ? "cloudformation/DescribeStacks-rollback-complete.xml" : "cloudformation/DescribeStacks-create-complete.xml",
        },
        new()
        {
            Service = "cloudformation", Action = "DescribeStackEvents", Times = null,
            Fixture = fails ? "cloudformation/DescribeStackEvents-create-failed.xml" : "cloudformation/DescribeStackEvents-create.xml",
        },
    ];

    /// <summary>The template parameters a stack request sent.</summary>
    public static Dictionary<string, string> Parameters(ReceivedRequest request)
    {
        var form = request.Form;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var n = 1; form.TryGetValue($"Parameters.member.{n}.ParameterKey", out var key); n++)
        {
            result[key] = form[$"Parameters.member.{n}.ParameterValue"];
        }

        return result;
    }
}
