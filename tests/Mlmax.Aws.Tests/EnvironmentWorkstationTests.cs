using System.Text.Json;

namespace Mlmax.Aws.Tests;

/// <summary>The notebook and the development instance: private, encrypted, reached only through Session Manager.</summary>
public sealed class EnvironmentWorkstationTests
{
    private static readonly EnvironmentTemplate Census = EnvironmentTemplate.Of("census");

    [Fact]
    public void Build_DevInstance_ReachableOnlyThroughSessionManager()
    {
        var instance = Census.Properties("DevInstance");
        var group = instance.GetProperty("SecurityGroupIds")[0].GetProperty("Fn::GetAtt")[0].GetString()!;
        var root = Assert.Single(instance.GetProperty("BlockDeviceMappings").EnumerateArray());

        Assert.False(instance.TryGetProperty("KeyName", out _));
        Assert.False(instance.TryGetProperty("NetworkInterfaces", out _));
        Assert.Equal("required", instance.GetProperty("MetadataOptions").GetProperty("HttpTokens").GetString());
        Assert.Equal("/dev/xvda", root.GetProperty("DeviceName").GetString());
        Assert.True(root.GetProperty("Ebs").GetProperty("Encrypted").GetBoolean());
        Assert.True(EnvironmentTemplate.IsRef(instance.GetProperty("SubnetId"), "PrivateSubnetA"));
        Assert.False(Census.Properties(group).TryGetProperty("SecurityGroupIngress", out _));
        Assert.DoesNotContain(Census.OfType("AWS::EC2::SecurityGroupIngress"), r => r.Resource.GetProperty("Properties").GetProperty("GroupId").GetRawText().Contains(group, StringComparison.Ordinal));
        Assert.Equal("WithDevInstance", Census.Resource("DevInstance").GetProperty("Condition").GetString());
    }

    [Fact]
    public void Build_DevInstance_AmiFromPublicSsmParameterAndSessionManagerRole()
    {
        var image = Census.Root.GetProperty("Parameters").GetProperty("DevInstanceImageId");
        var role = Census.Properties("DevInstanceRole");

        Assert.True(EnvironmentTemplate.IsRef(Census.Properties("DevInstance").GetProperty("ImageId"), "DevInstanceImageId"));
        Assert.Equal("AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", image.GetProperty("Type").GetString());
        Assert.Equal("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64", image.GetProperty("Default").GetString());
        Assert.Equal("arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore", role.GetProperty("ManagedPolicyArns")[0].GetProperty("Fn::Sub").GetString());
        Assert.Equal("ec2.amazonaws.com", role.GetProperty("AssumeRolePolicyDocument").GetProperty("Statement")[0].GetProperty("Principal").GetProperty("Service")[0].GetString());
        Assert.True(EnvironmentTemplate.IsRef(Census.Properties("DevInstanceProfile").GetProperty("Roles")[0], "DevInstanceRole"));
    }

    [Fact]
    public void Build_Notebook_NoInternetNoRootInPrivateSubnet()
    {
        var notebook = Census.Properties("NotebookInstance");

        Assert.Equal("Disabled", notebook.GetProperty("DirectInternetAccess").GetString());
        Assert.Equal("Disabled", notebook.GetProperty("RootAccess").GetString());
        Assert.Equal("2", notebook.GetProperty("InstanceMetadataServiceConfiguration").GetProperty("MinimumInstanceMetadataServiceVersion").GetString());
        Assert.True(EnvironmentTemplate.IsRef(notebook.GetProperty("SubnetId"), "PrivateSubnetA"));
        Assert.True(EnvironmentTemplate.IsGetAtt(notebook.GetProperty("RoleArn"), "NotebookRole", "Arn"));
        Assert.Equal("WithNotebook", Census.Resource("NotebookInstance").GetProperty("Condition").GetString());
    }

    [Theory]
    [InlineData("NotebookRole")]
    [InlineData("DevInstanceRole")]
    public void Build_WorkstationRole_ScopedToProjectPrefixKeyAndStateMachines(string role)
    {
        var statements = Census.Properties(role).GetProperty("Policies").EnumerateArray()
            .SelectMany(p => p.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray())
            .ToDictionary(s => s.GetProperty("Sid").GetString()!);

        Assert.Equal("${ProjectBucket.Arn}/${ArtifactPrefix}/*", statements["ReadWriteProjectObjects"].GetProperty("Resource")[0].GetProperty("Fn::Sub").GetString());
        Assert.True(EnvironmentTemplate.IsGetAtt(statements["UseProjectKey"].GetProperty("Resource")[0], "ProjectKey", "Arn"));
        Assert.Contains("states:StartExecution", EnvironmentTemplate.Strings(statements["RunProjectPipelines"].GetProperty("Action")));
        Assert.EndsWith(":stateMachine:mlmax-census-*", statements["RunProjectPipelines"].GetProperty("Resource")[0].GetProperty("Fn::Sub").GetString(), StringComparison.Ordinal);
        Assert.Contains("states:DescribeExecution", EnvironmentTemplate.Strings(statements["WatchProjectExecutions"].GetProperty("Action")));
        Assert.Contains("logs:GetLogEvents", EnvironmentTemplate.Strings(statements["ReadJobAndExecutionLogs"].GetProperty("Action")));
        Assert.All(statements.Values, s => Assert.All(s.GetProperty("Resource").EnumerateArray(), r => Assert.NotEqual(JsonValueKind.String, r.ValueKind)));
        Assert.Contains(Census.Properties(role).GetProperty("Tags").EnumerateArray(), t => t.GetProperty("Value").GetString() == "census");
    }

    [Fact]
    public void Build_IamResources_NamelessSoCapabilityIamIsEnough()
    {
        Assert.All(Census.OfType("AWS::IAM::Role"), r => Assert.False(r.Resource.GetProperty("Properties").TryGetProperty("RoleName", out _)));
        Assert.All(Census.OfType("AWS::IAM::InstanceProfile"), r => Assert.False(r.Resource.GetProperty("Properties").TryGetProperty("InstanceProfileName", out _)));
    }
}
