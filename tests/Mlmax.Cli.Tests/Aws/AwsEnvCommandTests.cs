using Mlmax.Aws;
using Mlmax.Aws.SecureEnvironment;

namespace Mlmax.Cli.Tests.Aws;

/// <summary><c>mlmax aws env</c>: the environment template written where asked, and a summary of what it creates.</summary>
public sealed class AwsEnvCommandTests
{
    [Fact]
    public async Task AwsEnv_InProject_WritesTemplateAndPrintsSummary()
    {
        using var p = new TempProject();
        p.Write("mlmax.yaml", "name: census\n");

        var result = await p.RunAsync("aws", "env", "--out", "deploy/infra");

        Assert.True(result.ExitCode == 0, result.ToString());
        var written = File.ReadAllText(p.PathOf("deploy/infra/environment.template.json"));
        Assert.Equal(AwsJson.Serialize(EnvironmentBuilder.Build(new EnvironmentNames("census")).Template), written);
        foreach (var expected in new[] { "network", "endpoints", "security groups", "encryption", "storage", "notebook", "development instance", "CreateNotebook=false", "CreateDevInstance=false", "alias/mlmax-census" })
        {
            Assert.Contains(expected, result.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("deploy/infra/environment.template.json", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("aws cloudformation deploy --template-file deploy/infra/environment.template.json --stack-name mlmax-census-env --capabilities CAPABILITY_IAM", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsEnv_NameOutsideProject_JsonListsPartsAndOutputs()
    {
        using var dir = new TempProject();

        var result = await dir.RunAsync("aws", "env", "--name", "fraud_model", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json;
        Assert.Equal("fraud_model", json.GetProperty("project").GetString());
        Assert.Equal(dir.PathOf("infra/environment.template.json"), json.GetProperty("file").GetString());
        Assert.Equal(Identity.Hashing.Sha256File(dir.PathOf("infra/environment.template.json")), json.GetProperty("sha256").GetString());
        var outputs = json.GetProperty("outputs").EnumerateArray().Select(o => o.GetString()).ToList();
        Assert.Subset(outputs.ToHashSet(), new HashSet<string?> { "ArtifactBucket", "KmsKeyArn", "PrivateSubnetIds", "JobSecurityGroupId", "VpcId" });
        Assert.Contains(json.GetProperty("parts").EnumerateArray(), part => part.GetProperty("name").GetString() == "notebook" && part.GetProperty("toggle").GetString() == "CreateNotebook");
        Assert.Contains("alias/mlmax-fraud-model", File.ReadAllText(dir.PathOf("infra/environment.template.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsEnv_InvalidName_ExitsTwoWritesNothing()
    {
        using var dir = new TempProject();

        var result = await dir.RunAsync("aws", "env", "--name", "Not A Name");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a project name", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.PathOf("infra")));
    }

    [Fact]
    public async Task AwsEnv_NoProjectNoName_ExitsTwo()
    {
        using var dir = new TempProject();

        var result = await dir.RunAsync("aws", "env");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("mlmax.yaml", result.Stderr, StringComparison.Ordinal);
    }
}
