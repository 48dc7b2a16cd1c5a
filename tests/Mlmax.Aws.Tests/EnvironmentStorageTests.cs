using System.Text.Json;
using Mlmax.Aws.Compilation;

namespace Mlmax.Aws.Tests;

/// <summary>The environment's key and bucket: everything encrypted with the project's key, nothing public.</summary>
public sealed class EnvironmentStorageTests
{
    private static readonly EnvironmentTemplate Census = EnvironmentTemplate.Of("census");

    private static JsonElement Statement(JsonElement policy, string sid) =>
        policy.GetProperty("Statement").EnumerateArray().Single(s => s.GetProperty("Sid").GetString() == sid);

    [Fact]
    public void Build_Bucket_EncryptsWithProjectKeyAndBlocksPublicAccess()
    {
        var bucket = Census.Properties("ProjectBucket");
        var rule = Assert.Single(bucket.GetProperty("BucketEncryption").GetProperty("ServerSideEncryptionConfiguration").EnumerateArray());

        Assert.Equal("aws:kms", rule.GetProperty("ServerSideEncryptionByDefault").GetProperty("SSEAlgorithm").GetString());
        Assert.True(EnvironmentTemplate.IsGetAtt(rule.GetProperty("ServerSideEncryptionByDefault").GetProperty("KMSMasterKeyID"), "ProjectKey", "Arn"));
        Assert.True(rule.GetProperty("BucketKeyEnabled").GetBoolean());
        Assert.Equal("Enabled", bucket.GetProperty("VersioningConfiguration").GetProperty("Status").GetString());
        Assert.All(bucket.GetProperty("PublicAccessBlockConfiguration").EnumerateObject(), p => Assert.True(p.Value.GetBoolean(), p.Name));
        Assert.Equal(4, bucket.GetProperty("PublicAccessBlockConfiguration").EnumerateObject().Count());
        Assert.Equal("BucketOwnerEnforced", bucket.GetProperty("OwnershipControls").GetProperty("Rules")[0].GetProperty("ObjectOwnership").GetString());
        Assert.Contains(bucket.GetProperty("LifecycleConfiguration").GetProperty("Rules").EnumerateArray(), r => r.TryGetProperty("AbortIncompleteMultipartUpload", out _));
        Assert.Equal("Retain", Census.Resource("ProjectBucket").GetProperty("DeletionPolicy").GetString());
    }

    [Fact]
    public void Build_BucketPolicy_DeniesNoTlsOtherEncryptionAndOtherKey()
    {
        var policy = Census.Properties("ProjectBucketPolicy").GetProperty("PolicyDocument");
        var tls = Statement(policy, "DenyInsecureTransport");
        var encryption = Statement(policy, "DenyUploadsWithoutKmsEncryption");
        var key = Statement(policy, "DenyUploadsWithAnotherKey");

        Assert.All([tls, encryption, key], s =>
        {
            Assert.Equal("Deny", s.GetProperty("Effect").GetString());
            Assert.Equal("*", s.GetProperty("Principal").GetString());
        });
        Assert.Equal("false", tls.GetProperty("Condition").GetProperty("Bool").GetProperty("aws:SecureTransport").GetString());
        Assert.Equal(2, tls.GetProperty("Resource").GetArrayLength());
        Assert.Equal(["s3:PutObject"], EnvironmentTemplate.Strings(encryption.GetProperty("Action")));
        Assert.Equal("aws:kms", encryption.GetProperty("Condition").GetProperty("StringNotEquals").GetProperty("s3:x-amz-server-side-encryption").GetString());
        Assert.Equal(["s3:PutObject"], EnvironmentTemplate.Strings(key.GetProperty("Action")));
        Assert.True(EnvironmentTemplate.IsGetAtt(key.GetProperty("Condition").GetProperty("StringNotEquals").GetProperty("s3:x-amz-server-side-encryption-aws-kms-key-id"), "ProjectKey", "Arn"));
    }

    [Fact]
    public void Build_Key_RotatesWithAliasAndLetsLogsEncryptProjectLogGroups()
    {
        var key = Census.Properties("ProjectKey");
        var logs = Statement(key.GetProperty("KeyPolicy"), "EncryptProjectLogGroups");

        Assert.True(key.GetProperty("EnableKeyRotation").GetBoolean());
        Assert.Equal("alias/mlmax-census", Census.Properties("ProjectKeyAlias").GetProperty("AliasName").GetString());
        Assert.Equal("logs.${AWS::Region}.amazonaws.com", logs.GetProperty("Principal").GetProperty("Service")[0].GetProperty("Fn::Sub").GetString());
        var context = logs.GetProperty("Condition").GetProperty("ArnLike").GetProperty("kms:EncryptionContext:aws:logs:arn").GetProperty("Fn::Sub").GetString()!;
        // The compiled pipelines' state machines log to /aws/vendedlogs/states/NAME: the condition must cover them.
        var name = PipelineCompiler.StateMachineName("census", "training");
        Assert.Matches("^" + System.Text.RegularExpressions.Regex.Escape(context).Replace(@"\*", ".*", StringComparison.Ordinal) + "$",
            $"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:/aws/vendedlogs/states/{name}");
    }

    [Fact]
    public void Build_KeyPolicy_LetsCompiledPipelineRolesUseTheKey()
    {
        var use = Statement(Census.Properties("ProjectKey").GetProperty("KeyPolicy"), "UseKeyByProjectRoles");
        var tag = use.GetProperty("Condition").GetProperty("StringEquals").GetProperty("aws:PrincipalTag/mlmax:project").GetString();
        var compiled = JsonDocument.Parse(AwsJson.Serialize(CensusCompilation.Compile("training").Template)).RootElement.GetProperty("Resources");

        foreach (var role in new[] { "SageMakerRole", "StepFunctionsRole" })
        {
            var tags = compiled.GetProperty(role).GetProperty("Properties").GetProperty("Tags").EnumerateArray();
            Assert.Contains(tags, t => t.GetProperty("Key").GetString() == "mlmax:project" && t.GetProperty("Value").GetString() == tag);
        }

        Assert.Contains("kms:GenerateDataKey", EnvironmentTemplate.Strings(use.GetProperty("Action")));
        Assert.Contains("kms:Decrypt", EnvironmentTemplate.Strings(use.GetProperty("Action")));
    }

    [Fact]
    public void Build_EncryptedThings_AllUseTheProjectKey()
    {
        var notebook = Census.Properties("NotebookInstance").GetProperty("KmsKeyId");
        var volume = Census.Properties("DevInstance").GetProperty("BlockDeviceMappings")[0].GetProperty("Ebs");

        Assert.True(EnvironmentTemplate.IsGetAtt(notebook, "ProjectKey", "Arn"));
        Assert.True(volume.GetProperty("Encrypted").GetBoolean());
        Assert.True(EnvironmentTemplate.IsGetAtt(volume.GetProperty("KmsKeyId"), "ProjectKey", "Arn"));
        Assert.True(EnvironmentTemplate.IsGetAtt(Census.Root.GetProperty("Outputs").GetProperty("KmsKeyArn").GetProperty("Value"), "ProjectKey", "Arn"));
    }
}
