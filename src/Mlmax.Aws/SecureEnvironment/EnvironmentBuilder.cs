using Mlmax.Aws.CloudFormation;

namespace Mlmax.Aws.SecureEnvironment;

/// <summary>
/// Builds the CloudFormation template of a project's secure environment: a VPC with private subnets only and VPC
/// endpoints for the AWS services mlmax uses, a customer managed KMS key, the project's bucket, the security group of
/// the SageMaker jobs, and optionally a SageMaker notebook instance and an EC2 development instance reached through
/// Session Manager, each with a least-privilege role. Its outputs are the parameters the pipeline templates take. The
/// same project name always gives the same template.
/// </summary>
public sealed partial class EnvironmentBuilder
{
    private const string CidrPattern = @"^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}/(1[6-9]|2[0-8])$";
    private const string CidrConstraint = "an IPv4 CIDR block from /16 to /28, e.g. 10.20.0.0/16";
    private static readonly IReadOnlyList<object> Toggle = ["true", "false"];

    private readonly EnvironmentNames _names;
    private readonly OrderedDictionary<string, Resource> _resources = new(StringComparer.Ordinal);
    private readonly List<EnvironmentPart> _parts = [];

    private EnvironmentBuilder(EnvironmentNames names) => _names = names;

    /// <summary>Builds the template.</summary>
    /// <param name="names">The project's names.</param>
    /// <returns>The template and its parts.</returns>
    public static EnvironmentDefinition Build(EnvironmentNames names) => new EnvironmentBuilder(names).Build();

    private EnvironmentDefinition Build()
    {
        AddNetwork();
        AddEndpoints();
        AddSecurityGroups();
        AddKey();
        AddStorage();
        AddNotebook();
        AddDevInstance();
        var template = new Template(
            $"mlmax secure environment of project {_names.Project}: private subnets and VPC endpoints (no internet gateway, no NAT), "
            + "a customer managed KMS key, the project's encrypted bucket, the SageMaker jobs' security group, and a notebook and a "
            + "development instance reached through Session Manager. Its outputs feed mlmax aws deploy --env-stack.",
            Parameters(),
            _resources,
            Outputs())
        {
            Conditions = Conditions(),
        };
        return new EnvironmentDefinition(_names, template, _parts);
    }

    private void Add(string logicalId, Resource resource) => _resources.Add(logicalId, resource);

    private void Part(string name, string description, IEnumerable<string> resources, string? toggle = null) =>
        _parts.Add(new EnvironmentPart(name, description, [.. resources], toggle));

    private OrderedDictionary<string, Parameter> Parameters() => new(StringComparer.Ordinal)
    {
        [P.VpcCidr] = new("String", "The VPC's IPv4 range.") { Default = "10.20.0.0/16", AllowedPattern = CidrPattern, ConstraintDescription = CidrConstraint },
        [P.SubnetACidr] = new("String", "The first private subnet's range, inside VpcCidr.") { Default = "10.20.0.0/20", AllowedPattern = CidrPattern, ConstraintDescription = CidrConstraint },
        [P.SubnetBCidr] = new("String", "The second private subnet's range, inside VpcCidr, in another availability zone.") { Default = "10.20.16.0/20", AllowedPattern = CidrPattern, ConstraintDescription = CidrConstraint },
        [P.S3PrefixListId] = new("String", "Optional: the region's S3 prefix list (aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.REGION.s3). "
            + "Set, the security groups reach S3 only through it; empty, they may send HTTPS to any address, which the subnets' routes limit to the VPC and S3.")
        {
            Default = string.Empty,
            AllowedPattern = "^(pl-[0-9a-f]{8,17})?$",
            ConstraintDescription = "empty or a prefix list id, pl-...",
        },
        [P.BucketName] = new("String", "Optional: the project bucket's name; empty, CloudFormation names it.")
        {
            Default = string.Empty,
            AllowedPattern = "^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])?$",
            ConstraintDescription = "empty or an S3 bucket name",
        },
        [P.ArtifactPrefix] = new("String", "The prefix of the project's objects in the bucket, without a trailing slash: the roles here read and write only under it.")
        {
            Default = _names.ArtifactPrefix,
            AllowedPattern = "^[A-Za-z0-9][A-Za-z0-9_./-]*[A-Za-z0-9]$",
            ConstraintDescription = "letters, digits, '_', '.', '/' and '-', not starting or ending with '/'",
        },
        [P.ReplacedVersionDays] = new("Number", "Days an object's replaced or deleted versions are kept before they are deleted.") { Default = 90, MinValue = 1 },
        [P.AccessLogging] = new("String", "Whether the project bucket's server access logs are kept in a log bucket.") { Default = "true", AllowedValues = Toggle },
        [P.AccessLogDays] = new("Number", "Days server access logs are kept.") { Default = 365, MinValue = 1 },
        [P.CreateNotebook] = new("String", "Whether to create the SageMaker notebook instance.") { Default = "true", AllowedValues = Toggle },
        [P.NotebookInstanceType] = new("String", "The notebook instance's type.")
        {
            Default = "ml.t3.medium",
            AllowedPattern = @"^ml\.[a-z0-9]+\.[a-z0-9]+$",
            ConstraintDescription = "a SageMaker notebook instance type, e.g. ml.t3.medium",
        },
        [P.NotebookVolumeGb] = new("Number", "The notebook instance's encrypted storage volume, in GB.") { Default = 20, MinValue = 5 },
        [P.CreateDevInstance] = new("String", "Whether to create the EC2 development instance (reached with aws ssm start-session).") { Default = "true", AllowedValues = Toggle },
        [P.DevInstanceType] = new("String", "The development instance's type.")
        {
            Default = "t3.medium",
            AllowedPattern = @"^[a-z][a-z0-9-]*\.[a-z0-9]+$",
            ConstraintDescription = "an EC2 instance type, e.g. t3.medium",
        },
        [P.DevInstanceVolumeGb] = new("Number", "The development instance's encrypted root volume, in GB.") { Default = 30, MinValue = 8 },
        [P.DevInstanceImageId] = new("AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", "The public SSM parameter naming the development instance's AMI (x86_64, root device /dev/xvda).")
        {
            Default = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
        },
    };

    private static OrderedDictionary<string, object> Conditions() => new(StringComparer.Ordinal)
    {
        [C.S3PrefixList] = Fn.Not(Fn.EqualsTo(Fn.Ref(P.S3PrefixListId), string.Empty)),
        [C.BucketName] = Fn.Not(Fn.EqualsTo(Fn.Ref(P.BucketName), string.Empty)),
        [C.AccessLogs] = Fn.EqualsTo(Fn.Ref(P.AccessLogging), "true"),
        [C.Notebook] = Fn.EqualsTo(Fn.Ref(P.CreateNotebook), "true"),
        [C.DevInstance] = Fn.EqualsTo(Fn.Ref(P.CreateDevInstance), "true"),
    };

    private static OrderedDictionary<string, Output> Outputs() => new(StringComparer.Ordinal)
    {
        ["ArtifactBucket"] = new("The project bucket: the pipeline templates' ArtifactBucket.", Fn.Ref(R.Bucket)),
        ["ArtifactPrefix"] = new("The prefix of the project's objects: the pipeline templates' ArtifactPrefix.", Fn.Ref(P.ArtifactPrefix)),
        ["KmsKeyArn"] = new("The project's key: the pipeline templates' KmsKeyArn.", Fn.GetAtt(R.Key, "Arn")),
        ["KmsKeyAlias"] = new("The project key's alias.", Fn.Ref(R.KeyAlias)),
        ["PrivateSubnetIds"] = new("The private subnets, comma-separated: the pipeline templates' SubnetIds.", Fn.Join(",", new[] { Fn.Ref(R.SubnetA), Fn.Ref(R.SubnetB) })),
        ["JobSecurityGroupId"] = new("The SageMaker jobs' security group: the pipeline templates' SecurityGroupIds.", Fn.GetAtt(R.JobSecurityGroup, "GroupId")),
        ["VpcId"] = new("The VPC.", Fn.Ref(R.Vpc)),
        ["NotebookInstanceName"] = new("The SageMaker notebook instance.", Fn.GetAtt(R.Notebook, "NotebookInstanceName")) { Condition = C.Notebook },
        ["DevInstanceId"] = new("The development instance.", Fn.Ref(R.DevInstance)) { Condition = C.DevInstance },
        ["DevInstanceSession"] = new("How to reach the development instance.", Fn.Sub($"aws ssm start-session --target ${{{R.DevInstance}}} --region ${{AWS::Region}}")) { Condition = C.DevInstance },
    };

    /// <summary>Parameter names.</summary>
    private static class P
    {
        public const string VpcCidr = "VpcCidr";
        public const string SubnetACidr = "PrivateSubnetACidr";
        public const string SubnetBCidr = "PrivateSubnetBCidr";
        public const string S3PrefixListId = "S3PrefixListId";
        public const string BucketName = "BucketName";
        public const string ArtifactPrefix = "ArtifactPrefix";
        public const string ReplacedVersionDays = "ReplacedVersionRetentionDays";
        public const string AccessLogging = "AccessLogging";
        public const string AccessLogDays = "AccessLogRetentionDays";
        public const string CreateNotebook = "CreateNotebook";
        public const string NotebookInstanceType = "NotebookInstanceType";
        public const string NotebookVolumeGb = "NotebookVolumeSizeGb";
        public const string CreateDevInstance = "CreateDevInstance";
        public const string DevInstanceType = "DevInstanceType";
        public const string DevInstanceVolumeGb = "DevInstanceVolumeSizeGb";
        public const string DevInstanceImageId = "DevInstanceImageId";
    }

    /// <summary>Condition names.</summary>
    private static class C
    {
        public const string S3PrefixList = "HasS3PrefixList";
        public const string BucketName = "HasBucketName";
        public const string AccessLogs = "WithAccessLogs";
        public const string Notebook = "WithNotebook";
        public const string DevInstance = "WithDevInstance";
    }

    /// <summary>Resource logical ids.</summary>
    private static class R
    {
        public const string Vpc = "Vpc";
        public const string SubnetA = "PrivateSubnetA";
        public const string SubnetB = "PrivateSubnetB";
        public const string RouteTableA = "PrivateRouteTableA";
        public const string RouteTableB = "PrivateRouteTableB";
        public const string EndpointSecurityGroup = "EndpointSecurityGroup";
        public const string S3Endpoint = "S3GatewayEndpoint";
        public const string JobSecurityGroup = "JobSecurityGroup";
        public const string WorkstationSecurityGroup = "WorkstationSecurityGroup";
        public const string Key = "ProjectKey";
        public const string KeyAlias = "ProjectKeyAlias";
        public const string Bucket = "ProjectBucket";
        public const string BucketPolicy = "ProjectBucketPolicy";
        public const string LogBucket = "AccessLogBucket";
        public const string LogBucketPolicy = "AccessLogBucketPolicy";
        public const string NotebookRole = "NotebookRole";
        public const string Notebook = "NotebookInstance";
        public const string DevInstanceRole = "DevInstanceRole";
        public const string DevInstanceProfile = "DevInstanceProfile";
        public const string DevInstance = "DevInstance";
    }
}
