using Mlmax.Aws.CloudFormation;

namespace Mlmax.Aws.SecureEnvironment;

/// <summary>
/// What a person working on the project may do, as the notebook's and the development instance's role: read and write
/// the project's prefix of the bucket, use the project's key, start, watch and stop the executions of the project's
/// state machines, and read the logs of its SageMaker jobs and executions. Nothing else.
/// </summary>
internal static class ProjectAccess
{
    public static InlinePolicy Policy(EnvironmentNames names, string bucket, string key, string prefixParameter) => new("mlmax-project", new PolicyDocument(
    [
        new Statement("ListProjectPrefix", "Allow")
        {
            Action = ["s3:ListBucket"],
            Resource = [Fn.GetAtt(bucket, "Arn")],
            Condition = PolicyConditions.Of(("StringLike", "s3:prefix", new[] { Fn.Sub($"${{{prefixParameter}}}"), Fn.Sub($"${{{prefixParameter}}}/*") })),
        },
        Statement.Allow(
            "ReadWriteProjectObjects",
            ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
            Fn.Sub($"${{{bucket}.Arn}}/${{{prefixParameter}}}/*")),
        Statement.Allow("UseProjectKey", ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"], Fn.GetAtt(key, "Arn")),
        Statement.Allow(
            "RunProjectPipelines",
            ["states:DescribeStateMachine", "states:ListExecutions", "states:StartExecution"],
            Fn.Sub($"arn:{Arn("states")}:stateMachine:{names.StateMachines}")),
        Statement.Allow(
            "WatchProjectExecutions",
            ["states:DescribeExecution", "states:GetExecutionHistory", "states:StopExecution"],
            Fn.Sub($"arn:{Arn("states")}:execution:{names.StateMachines}:*")),
        Statement.Allow(
            "ReadJobAndExecutionLogs",
            ["logs:DescribeLogStreams", "logs:FilterLogEvents", "logs:GetLogEvents"],
            Fn.Sub($"arn:{Arn("logs")}:log-group:/aws/sagemaker/ProcessingJobs:*"),
            Fn.Sub($"arn:{Arn("logs")}:log-group:/aws/sagemaker/TrainingJobs:*"),
            Fn.Sub($"arn:{Arn("logs")}:log-group:{names.StateMachineLogGroups}:*")),
    ]));

    /// <summary>The start of the ARNs of a regional service in this account, for <see cref="Fn.Sub"/>.</summary>
    private static string Arn(string service) => $"${{AWS::Partition}}:{service}:${{AWS::Region}}:${{AWS::AccountId}}";
}
