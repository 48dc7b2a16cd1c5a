namespace Mlmax.Aws.CloudFormation;

/// <summary>
/// The properties of an <c>AWS::EC2::Instance</c> reached only through Systems Manager: it has no key pair, is meant
/// for a private subnet and security groups without inbound rules, and answers metadata requests only with IMDSv2
/// session tokens.
/// </summary>
/// <param name="ImageId">Its AMI.</param>
/// <param name="InstanceType">Its instance type.</param>
/// <param name="SubnetId">Its subnet.</param>
/// <param name="SecurityGroupIds">Its security groups.</param>
/// <param name="IamInstanceProfile">The instance profile holding its role.</param>
/// <param name="BlockDeviceMappings">Its volumes, e.g. the encrypted root volume.</param>
public sealed record InstanceProperties(
    object ImageId,
    object InstanceType,
    object SubnetId,
    IReadOnlyList<object> SecurityGroupIds,
    object IamInstanceProfile,
    IReadOnlyList<BlockDeviceMapping> BlockDeviceMappings)
{
    /// <summary>IMDSv2 only, reachable from the instance itself (one hop).</summary>
    public InstanceMetadataOptions MetadataOptions { get; } = new();

    /// <summary>Its tags, also given to its volumes.</summary>
    public IReadOnlyList<ResourceTag>? Tags { get; init; }

    /// <summary>The instance's tags are copied to its volumes.</summary>
    public bool PropagateTagsToVolumeOnCreation => true;
}

/// <summary>An instance's metadata service settings.</summary>
public sealed record InstanceMetadataOptions
{
    /// <summary><c>enabled</c>: the SSM agent needs the instance's credentials.</summary>
    public string HttpEndpoint => "enabled";

    /// <summary><c>required</c>: IMDSv2 session tokens only.</summary>
    public string HttpTokens => "required";

    /// <summary>1: a token cannot be fetched through another hop, e.g. from a container.</summary>
    public int HttpPutResponseHopLimit => 1;
}

/// <summary>A volume of an instance.</summary>
/// <param name="DeviceName">Its device, e.g. <c>/dev/xvda</c> for the root volume of Amazon Linux.</param>
/// <param name="Ebs">The EBS volume.</param>
public sealed record BlockDeviceMapping(string DeviceName, EbsVolume Ebs);

/// <summary>An encrypted gp3 EBS volume, deleted with its instance.</summary>
/// <param name="VolumeSize">Its size, in GB.</param>
/// <param name="KmsKeyId">The key encrypting it.</param>
public sealed record EbsVolume(object VolumeSize, object KmsKeyId)
{
    /// <summary><c>gp3</c>.</summary>
    public string VolumeType => "gp3";

    /// <summary>Encrypted, with <see cref="KmsKeyId"/>.</summary>
    public bool Encrypted => true;

    /// <summary>Deleted when the instance is terminated.</summary>
    public bool DeleteOnTermination => true;
}
