using Mlmax.Aws.CloudFormation;

namespace Mlmax.Aws.SecureEnvironment;

/// <summary>The network: a VPC with two private subnets, their route tables, and the VPC endpoints.</summary>
public sealed partial class EnvironmentBuilder
{
    /// <summary>
    /// The interface endpoints, by logical id: SageMaker (API and runtime), Step Functions, STS, CloudWatch Logs, ECR (API
    /// and image pulls), Session Manager (SSM, SSM messages, EC2 messages) and KMS.
    /// </summary>
    internal static readonly IReadOnlyList<(string LogicalId, string Service)> InterfaceEndpoints =
    [
        ("SageMakerApiEndpoint", "sagemaker.api"),
        ("SageMakerRuntimeEndpoint", "sagemaker.runtime"),
        ("StepFunctionsEndpoint", "states"),
        ("StsEndpoint", "sts"),
        ("LogsEndpoint", "logs"),
        ("EcrApiEndpoint", "ecr.api"),
        ("EcrDockerEndpoint", "ecr.dkr"),
        ("SsmEndpoint", "ssm"),
        ("SsmMessagesEndpoint", "ssmmessages"),
        ("Ec2MessagesEndpoint", "ec2messages"),
        ("KmsEndpoint", "kms"),
    ];

    private static readonly IReadOnlyList<object> PrivateSubnets = [Fn.Ref(R.SubnetA), Fn.Ref(R.SubnetB)];

    private void AddNetwork()
    {
        Add(R.Vpc, new("AWS::EC2::VPC", new VpcProperties(Fn.Ref(P.VpcCidr)) { Tags = _names.Tags("vpc") }));
        var ids = new List<string> { R.Vpc };
        foreach (var (subnet, table, cidr, zone) in new[] { (R.SubnetA, R.RouteTableA, P.SubnetACidr, 0), (R.SubnetB, R.RouteTableB, P.SubnetBCidr, 1) })
        {
            var suffix = subnet[^1..].ToLowerInvariant();
            Add(subnet, new("AWS::EC2::Subnet", new SubnetProperties(Fn.Ref(R.Vpc), Fn.Ref(cidr), Fn.Select(zone, Fn.GetAZs())) { Tags = _names.Tags($"private-{suffix}") }));
            Add(table, new("AWS::EC2::RouteTable", new RouteTableProperties(Fn.Ref(R.Vpc)) { Tags = _names.Tags($"private-{suffix}") }));
            Add($"{subnet}RouteTableAssociation", new("AWS::EC2::SubnetRouteTableAssociation", new SubnetRouteTableAssociationProperties(Fn.Ref(subnet), Fn.Ref(table))));
            ids.AddRange([subnet, table, $"{subnet}RouteTableAssociation"]);
        }

        Part("network", "VPC, two private subnets in two availability zones and their route tables; no internet gateway, NAT or public address", ids);
    }

    private void AddEndpoints()
    {
        Add(R.EndpointSecurityGroup, new("AWS::EC2::SecurityGroup", new SecurityGroupProperties(
            "mlmax interface endpoints: HTTPS from the VPC only",
            Fn.Ref(R.Vpc),
            [EgressRule.None])
        {
            SecurityGroupIngress = [IngressRule.Https(Fn.Ref(P.VpcCidr), "HTTPS from the VPC")],
            Tags = _names.Tags("endpoints"),
        }));
        Add(R.S3Endpoint, new("AWS::EC2::VPCEndpoint", VpcEndpointProperties.Gateway(
            Fn.Ref(R.Vpc),
            Fn.Sub("com.amazonaws.${AWS::Region}.s3"),
            [Fn.Ref(R.RouteTableA), Fn.Ref(R.RouteTableB)]) with
        {
            PolicyDocument = S3EndpointPolicy(),
        }));
        foreach (var (id, service) in InterfaceEndpoints)
        {
            Add(id, new("AWS::EC2::VPCEndpoint", VpcEndpointProperties.Interface(
                Fn.Ref(R.Vpc),
                Fn.Sub($"com.amazonaws.${{AWS::Region}}.{service}"),
                PrivateSubnets,
                [Fn.GetAtt(R.EndpointSecurityGroup, "GroupId")])));
        }

        Part(
            "endpoints",
            $"S3 gateway endpoint limited to the project bucket and AWS package buckets; interface endpoints with private DNS: {string.Join(", ", InterfaceEndpoints.Select(e => e.Service))}",
            [R.EndpointSecurityGroup, R.S3Endpoint, .. InterfaceEndpoints.Select(e => e.LogicalId)]);
    }

    /// <summary>
    /// What the S3 gateway endpoint lets through: the project bucket, and reading from the AWS-owned buckets that serve
    /// Amazon Linux 2023 packages, the SSM agent's updates and documents, and ECR's image layers.
    /// </summary>
    private static PolicyDocument S3EndpointPolicy() => new(
    [
        new Statement("ProjectBucket", "Allow")
        {
            Principal = "*",
            Action =
            [
                "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts",
                "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:GetBucketLocation",
            ],
            Resource = [Fn.GetAtt(R.Bucket, "Arn"), Fn.Sub($"${{{R.Bucket}.Arn}}/*")],
        },
        new Statement("AwsPackagesAgentsAndImageLayers", "Allow")
        {
            Principal = "*",
            Action = ["s3:GetObject"],
            Resource =
            [
                Fn.Sub("arn:${AWS::Partition}:s3:::al2023-repos-${AWS::Region}-de612dc2/*"),
                Fn.Sub("arn:${AWS::Partition}:s3:::amazon-ssm-${AWS::Region}/*"),
                Fn.Sub("arn:${AWS::Partition}:s3:::aws-ssm-${AWS::Region}/*"),
                Fn.Sub("arn:${AWS::Partition}:s3:::prod-${AWS::Region}-starport-layer-bucket/*"),
            ],
        },
    ]);
}
