using Mlmax.Aws.CloudFormation;

namespace Mlmax.Aws.SecureEnvironment;

/// <summary>The project bucket, its policy, and the bucket of its server access logs.</summary>
public sealed partial class EnvironmentBuilder
{
    private const string AccessLogPrefix = "project-bucket/";

    private void AddStorage()
    {
        Add(R.LogBucket, new("AWS::S3::Bucket", new BucketProperties(
            BucketEncryption.S3Managed(),
            new LifecycleConfiguration(
            [
                new LifecycleRule("expire-access-logs") { ExpirationInDays = Fn.Ref(P.AccessLogDays), NoncurrentVersionExpiration = new(1) },
                new LifecycleRule("abort-incomplete-multipart-uploads") { AbortIncompleteMultipartUpload = new(7) },
            ]))
        {
            Tags = _names.Tags("access-logs"),
        })
        {
            Condition = C.AccessLogs,
            DeletionPolicy = "Retain",
            UpdateReplacePolicy = "Retain",
        });
        Add(R.LogBucketPolicy, new("AWS::S3::BucketPolicy", new BucketPolicyProperties(Fn.Ref(R.LogBucket), new PolicyDocument(
        [
            new Statement("ServerAccessLogsOfProjectBucket", "Allow")
            {
                Principal = new ServicePrincipal(["logging.s3.amazonaws.com"]),
                Action = ["s3:PutObject"],
                Resource = [Fn.Sub($"${{{R.LogBucket}.Arn}}/{AccessLogPrefix}*")],
                Condition = PolicyConditions.Of(
                    ("ArnLike", "aws:SourceArn", Fn.GetAtt(R.Bucket, "Arn")),
                    ("StringEquals", "aws:SourceAccount", Fn.Ref("AWS::AccountId"))),
            },
            DenyInsecureTransport(R.LogBucket),
        ])))
        {
            Condition = C.AccessLogs,
        });
        Add(R.Bucket, new("AWS::S3::Bucket", new BucketProperties(
            BucketEncryption.Kms(Fn.GetAtt(R.Key, "Arn")),
            new LifecycleConfiguration(
            [
                new LifecycleRule("abort-incomplete-multipart-uploads") { AbortIncompleteMultipartUpload = new(7) },
                new LifecycleRule("expire-replaced-versions") { NoncurrentVersionExpiration = new(Fn.Ref(P.ReplacedVersionDays)) },
            ]))
        {
            BucketName = Fn.If(C.BucketName, Fn.Ref(P.BucketName), Fn.NoValue),
            LoggingConfiguration = Fn.If(C.AccessLogs, new BucketLogging(Fn.Ref(R.LogBucket), AccessLogPrefix), Fn.NoValue),
            // The pipelines' watches of this bucket start on its Object Created events (docs/aws.md, Watches).
            NotificationConfiguration = new BucketNotifications(new EventBridgeNotifications(true)),
            Tags = _names.Tags("artifacts"),
        })
        {
            DeletionPolicy = "Retain",
            UpdateReplacePolicy = "Retain",
        });
        Add(R.BucketPolicy, new("AWS::S3::BucketPolicy", new BucketPolicyProperties(Fn.Ref(R.Bucket), ProjectBucketPolicy())));
        Part(
            "storage",
            "project bucket: SSE-KMS with the project key, versioned, private, TLS only; its access logs bucket; both kept when the stack is deleted",
            [R.LogBucket, R.LogBucketPolicy, R.Bucket, R.BucketPolicy]);
    }

    /// <summary>
    /// Refuses requests without TLS, and uploads that ask for anything but SSE-KMS with the project key. An upload that
    /// asks for no encryption gets the bucket's default, SSE-KMS with the project key, so it is let through: the AWS
    /// SDKs and mlmax's S3 artifact store send no encryption headers.
    /// </summary>
    private static PolicyDocument ProjectBucketPolicy() => new(
    [
        DenyInsecureTransport(R.Bucket),
        new Statement("DenyUploadsWithoutKmsEncryption", "Deny")
        {
            Principal = "*",
            Action = ["s3:PutObject"],
            Resource = [Fn.Sub($"${{{R.Bucket}.Arn}}/*")],
            Condition = PolicyConditions.Of(
                ("StringNotEquals", "s3:x-amz-server-side-encryption", "aws:kms"),
                ("Null", "s3:x-amz-server-side-encryption", "false")),
        },
        new Statement("DenyUploadsWithAnotherKey", "Deny")
        {
            Principal = "*",
            Action = ["s3:PutObject"],
            Resource = [Fn.Sub($"${{{R.Bucket}.Arn}}/*")],
            Condition = PolicyConditions.Of(
                ("StringNotEquals", "s3:x-amz-server-side-encryption-aws-kms-key-id", Fn.GetAtt(R.Key, "Arn")),
                ("Null", "s3:x-amz-server-side-encryption-aws-kms-key-id", "false")),
        },
    ]);

    private static Statement DenyInsecureTransport(string bucket) => new("DenyInsecureTransport", "Deny")
    {
        Principal = "*",
        Action = ["s3:*"],
        Resource = [Fn.GetAtt(bucket, "Arn"), Fn.Sub($"${{{bucket}.Arn}}/*")],
        Condition = PolicyConditions.Of(("Bool", "aws:SecureTransport", "false")),
    };
}
