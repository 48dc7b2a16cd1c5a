using Mlmax.Aws.CloudFormation;

namespace Mlmax.Aws.SecureEnvironment;

/// <summary>The project's customer managed key and its alias.</summary>
public sealed partial class EnvironmentBuilder
{
    private static readonly object AccountRoot = Fn.Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root");

    /// <summary>What the account's administrators may do with the key through IAM: manage it, not use it.</summary>
    private static readonly string[] KeyAdministration =
    [
        "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:DeleteAlias", "kms:DescribeKey", "kms:DisableKey", "kms:DisableKeyRotation",
        "kms:EnableKey", "kms:EnableKeyRotation", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListAliases", "kms:ListGrants",
        "kms:ListKeyPolicies", "kms:ListKeyRotations", "kms:ListResourceTags", "kms:PutKeyPolicy", "kms:RevokeGrant", "kms:RotateKeyOnDemand",
        "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource", "kms:UpdateAlias", "kms:UpdateKeyDescription",
    ];

    private static readonly string[] KeyUse =
    [
        "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo",
    ];

    /// <summary>The services that encrypt the project's data with the key on a caller's behalf.</summary>
    private static readonly string[] KeyServices = ["ec2", "s3", "sagemaker", "states"];

    private void AddKey()
    {
        Add(R.Key, new("AWS::KMS::Key", new KmsKeyProperties($"mlmax project {_names.Project}: its bucket, job volumes and outputs, logs and execution data", KeyPolicy())
        {
            Tags = _names.Tags("key"),
        })
        {
            DeletionPolicy = "Retain",
            UpdateReplacePolicy = "Retain",
        });
        Add(R.KeyAlias, new("AWS::KMS::Alias", new KmsAliasProperties(_names.KeyAlias, Fn.Ref(R.Key))));
        Part("encryption", $"customer managed KMS key, rotated yearly, alias {_names.KeyAlias}; kept when the stack is deleted", [R.Key, R.KeyAlias]);
    }

    /// <summary>
    /// The key policy: the account administers the key through IAM; roles tagged with the project use it directly; the
    /// account's principals use it only through the services that encrypt the project's data for them; CloudWatch Logs
    /// encrypts the log groups of the project's state machines.
    /// </summary>
    private PolicyDocument KeyPolicy() => new(
    [
        new Statement("AdministerKeyThroughIam", "Allow") { Principal = new AwsPrincipal([AccountRoot]), Action = KeyAdministration, Resource = ["*"] },
        new Statement("UseKeyByProjectRoles", "Allow")
        {
            Principal = new AwsPrincipal([AccountRoot]),
            Action = KeyUse,
            Resource = ["*"],
            Condition = PolicyConditions.Of(("StringEquals", $"aws:PrincipalTag/{EnvironmentNames.ProjectTag}", _names.Project)),
        },
        new Statement("GrantKeyToAwsResourcesByProjectRoles", "Allow")
        {
            Principal = new AwsPrincipal([AccountRoot]),
            Action = ["kms:CreateGrant"],
            Resource = ["*"],
            Condition = PolicyConditions.Of(
                ("StringEquals", $"aws:PrincipalTag/{EnvironmentNames.ProjectTag}", _names.Project),
                ("Bool", "kms:GrantIsForAWSResource", "true")),
        },
        new Statement("UseKeyThroughProjectServices", "Allow")
        {
            Principal = new AwsPrincipal([AccountRoot]),
            Action = [.. KeyUse, "kms:CreateGrant"],
            Resource = ["*"],
            Condition = PolicyConditions.Of(
                ("StringEquals", "kms:CallerAccount", Fn.Ref("AWS::AccountId")),
                ("StringEquals", "kms:ViaService", KeyServices.Select(s => Fn.Sub($"{s}.${{AWS::Region}}.amazonaws.com")).ToArray())),
        },
        new Statement("EncryptProjectLogGroups", "Allow")
        {
            Principal = new ServicePrincipal([Fn.Sub("logs.${AWS::Region}.amazonaws.com")]),
            Action = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:ReEncryptTo"],
            Resource = ["*"],
            Condition = PolicyConditions.Of(
                ("ArnLike", "kms:EncryptionContext:aws:logs:arn", Fn.Sub($"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{_names.StateMachineLogGroups}"))),
        },
    ]);
}
