using Mlmax.Aws.CloudFormation;
using Mlmax.Specs;

namespace Mlmax.Aws.Compilation;

/// <summary>
/// The two least-privilege roles of a compiled pipeline: Step Functions may start, watch and stop only SageMaker jobs
/// and pass only the jobs' role; the jobs may read only the project's prefix, write only its <c>runs/</c>, and use only
/// the project's key.
/// </summary>
internal static class Roles
{
    private const string Account = "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}";

    /// <summary>Log delivery to CloudWatch Logs is configured through these account-level actions, which take no resource ARNs.</summary>
    public static Statement LogDelivery { get; } = Statement.Allow(
        "DeliverExecutionLogs",
        [
            "logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DescribeLogGroups", "logs:DescribeResourcePolicies",
            "logs:GetLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:UpdateLogDelivery",
        ],
        "*");

    /// <summary>The jobs' role: the project's prefix, and what the schedules and watches bind outside it (read only).</summary>
    public static RoleProperties SageMaker(PipelineSpec pipeline, IReadOnlyList<S3Read> reads)
    {
        var statements = new List<Statement>
        {
            new("ListProjectPrefix", "Allow")
            {
                Action = ["s3:ListBucket"],
                Resource = [Fn.Sub("arn:${AWS::Partition}:s3:::${ArtifactBucket}")],
                Condition = new Dictionary<string, IReadOnlyDictionary<string, object>>
                {
                    ["StringLike"] = new Dictionary<string, object> { ["s3:prefix"] = new[] { Fn.Sub("${ArtifactPrefix}/*") } },
                },
            },
            Statement.Allow("ReadProjectObjects", ["s3:GetObject"], Fn.Sub("arn:${AWS::Partition}:s3:::${ArtifactBucket}/${ArtifactPrefix}/*")),
            Statement.Allow("WriteRunOutputs", ["s3:PutObject", "s3:AbortMultipartUpload"], Fn.Sub("arn:${AWS::Partition}:s3:::${ArtifactBucket}/${ArtifactPrefix}/runs/*")),
            Statement.Allow("UseProjectKey", ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey", "kms:CreateGrant"], Fn.Ref("KmsKeyArn")),
            Statement.Allow(
                "WriteJobLogs",
                ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Fn.Sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/sagemaker/*")),
            Statement.Allow("PullImagesToken", ["ecr:GetAuthorizationToken"], "*"),
            Statement.Allow(
                "PullImages",
                ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                Fn.Sub("arn:${AWS::Partition}:ecr:*:*:repository/*")),
            // SageMaker attaches the jobs' network interfaces in the private subnets; these EC2 actions take no resource ARNs.
            Statement.Allow(
                "RunInPrivateSubnets",
                [
                    "ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface",
                    "ec2:DeleteNetworkInterfacePermission", "ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces",
                    "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs",
                ],
                "*"),
        };
        statements.InsertRange(2, ReadsOutsideProject(reads));
        return RoleProperties.For(
            $"Runs the SageMaker jobs of mlmax pipeline {pipeline.Name}: reads the project's prefix, writes its runs, uses its key.",
            "sagemaker.amazonaws.com",
            new InlinePolicy("mlmax-jobs", new PolicyDocument(statements)));
    }

    public static RoleProperties StepFunctions(PipelineSpec pipeline, string jobsRole)
    {
        var kinds = pipeline.Steps.Select(s => s.Aws?.Job ?? AwsJobKind.Processing).Distinct().Order().ToList();
        var statements = new List<Statement>();
        foreach (var kind in kinds)
        {
            var (noun, resource, rule) = kind == AwsJobKind.Training
                ? ("TrainingJob", "training-job", "StepFunctionsGetEventsForSageMakerTrainingJobsRule")
                : ("ProcessingJob", "processing-job", "StepFunctionsGetEventsForSageMakerProcessingJobsRule");
            statements.Add(Statement.Allow(
                $"Run{noun}s",
                [$"sagemaker:Create{noun}", $"sagemaker:Describe{noun}", $"sagemaker:Stop{noun}", "sagemaker:AddTags", "sagemaker:ListTags"],
                Fn.Sub($"{Account}:{resource}/*")));
            // The .sync integration waits for the job through this EventBridge rule, which Step Functions manages.
            statements.Add(Statement.Allow(
                $"Watch{noun}s",
                ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
                Fn.Sub($"arn:${{AWS::Partition}}:events:${{AWS::Region}}:${{AWS::AccountId}}:rule/{rule}")));
        }

        statements.Add(new Statement("PassJobsRole", "Allow")
        {
            Action = ["iam:PassRole"],
            Resource = [Fn.GetAtt(jobsRole, "Arn")],
            Condition = new Dictionary<string, IReadOnlyDictionary<string, object>>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["iam:PassedToService"] = "sagemaker.amazonaws.com" },
            },
        });
        statements.Add(Statement.Allow("EncryptExecutionData", ["kms:Decrypt", "kms:GenerateDataKey"], Fn.Ref("KmsKeyArn")));
        statements.Add(LogDelivery);
        return RoleProperties.For(
            $"Runs mlmax pipeline {pipeline.Name}: starts, watches and stops its SageMaker jobs.",
            "states.amazonaws.com",
            new InlinePolicy("mlmax-state-machine", new PolicyDocument(statements)));
    }

    /// <summary>Reading the S3 objects and prefixes the schedules and watches bind, outside the project's prefix: none when there are none.</summary>
    private static IEnumerable<Statement> ReadsOutsideProject(IReadOnlyList<S3Read> reads)
    {
        if (reads.Count == 0)
        {
            yield break;
        }

        var objects = reads.Select(r => r.IsPrefix ? $"{r.Bucket}/{(r.Key.Length == 0 ? "" : r.Key + "/")}*" : $"{r.Bucket}/{r.Key}")
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(o => Fn.Sub($"arn:${{AWS::Partition}}:s3:::{o}")).ToList();
        yield return new Statement("ReadTriggerInputs", "Allow") { Action = ["s3:GetObject"], Resource = objects };
        var n = 0;
        foreach (var bucket in reads.Where(r => r.IsPrefix).GroupBy(r => r.Bucket, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            yield return new Statement($"ListTriggerInputs{++n}", "Allow")
            {
                Action = ["s3:ListBucket"],
                Resource = [Fn.Sub($"arn:${{AWS::Partition}}:s3:::{bucket.Key}")],
                Condition = new Dictionary<string, IReadOnlyDictionary<string, object>>
                {
                    ["StringLike"] = new Dictionary<string, object>
                    {
                        ["s3:prefix"] = bucket.Select(r => r.Key.Length == 0 ? "*" : r.Key + "/*").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(),
                    },
                },
            };
        }
    }
}
