namespace Mlmax.Aws.CloudFormation;

/// <summary>
/// The properties of an <c>AWS::EC2::VPC</c> whose instances resolve AWS service names: DNS support and DNS hostnames
/// are on, which interface endpoints with private DNS need.
/// </summary>
/// <param name="CidrBlock">Its IPv4 range.</param>
public sealed record VpcProperties(object CidrBlock)
{
    /// <summary>The Amazon DNS server answers in the VPC.</summary>
    public bool EnableDnsSupport => true;

    /// <summary>Instances get DNS hostnames; with <see cref="EnableDnsSupport"/>, endpoints' private DNS names resolve.</summary>
    public bool EnableDnsHostnames => true;

    /// <summary>Its tags.</summary>
    public IReadOnlyList<ResourceTag>? Tags { get; init; }
}

/// <summary>The properties of a private <c>AWS::EC2::Subnet</c>: instances launched in it get no public address.</summary>
/// <param name="VpcId">Its VPC.</param>
/// <param name="CidrBlock">Its IPv4 range, inside the VPC's.</param>
/// <param name="AvailabilityZone">Its availability zone.</param>
public sealed record SubnetProperties(object VpcId, object CidrBlock, object AvailabilityZone)
{
    /// <summary>No public IPv4 address on launch.</summary>
    public bool MapPublicIpOnLaunch => false;

    /// <summary>Its tags.</summary>
    public IReadOnlyList<ResourceTag>? Tags { get; init; }
}

/// <summary>The properties of an <c>AWS::EC2::RouteTable</c>.</summary>
/// <param name="VpcId">Its VPC.</param>
public sealed record RouteTableProperties(object VpcId)
{
    /// <summary>Its tags.</summary>
    public IReadOnlyList<ResourceTag>? Tags { get; init; }
}

/// <summary>The properties of an <c>AWS::EC2::SubnetRouteTableAssociation</c>.</summary>
/// <param name="SubnetId">The subnet.</param>
/// <param name="RouteTableId">The route table it uses.</param>
public sealed record SubnetRouteTableAssociationProperties(object SubnetId, object RouteTableId);
