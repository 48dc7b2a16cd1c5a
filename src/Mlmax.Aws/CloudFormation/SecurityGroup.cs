namespace Mlmax.Aws.CloudFormation;

/// <summary>
/// The properties of an <c>AWS::EC2::SecurityGroup</c>. Its egress is always written: a group without egress rules would
/// get CloudFormation's allow-all rule.
/// </summary>
/// <param name="GroupDescription">What it is for.</param>
/// <param name="VpcId">Its VPC.</param>
/// <param name="SecurityGroupEgress">Where its members may connect to; <see cref="EgressRule.None"/> for nowhere.</param>
public sealed record SecurityGroupProperties(string GroupDescription, object VpcId, IReadOnlyList<object> SecurityGroupEgress)
{
    /// <summary>Who may connect to its members; <see langword="null"/>: nobody.</summary>
    public IReadOnlyList<IngressRule>? SecurityGroupIngress { get; init; }

    /// <summary>Its tags.</summary>
    public IReadOnlyList<ResourceTag>? Tags { get; init; }
}

/// <summary>An inbound rule of a security group.</summary>
/// <param name="IpProtocol"><c>tcp</c>, <c>udp</c>, <c>icmp</c> or <c>-1</c> (all).</param>
/// <param name="Description">What it allows, and why.</param>
public sealed record IngressRule(string IpProtocol, string Description)
{
    /// <summary>The first port.</summary>
    public int? FromPort { get; init; }

    /// <summary>The last port.</summary>
    public int? ToPort { get; init; }

    /// <summary>The source range.</summary>
    public object? CidrIp { get; init; }

    /// <summary>The source security group.</summary>
    public object? SourceSecurityGroupId { get; init; }

    /// <summary>HTTPS from a range.</summary>
    /// <param name="cidr">The range.</param>
    /// <param name="description">Why.</param>
    /// <returns>The rule.</returns>
    public static IngressRule Https(object cidr, string description) => new("tcp", description) { FromPort = 443, ToPort = 443, CidrIp = cidr };
}

/// <summary>An outbound rule of a security group.</summary>
/// <param name="IpProtocol"><c>tcp</c>, <c>udp</c>, <c>icmp</c> or <c>-1</c> (all).</param>
/// <param name="Description">What it allows, and why.</param>
public sealed record EgressRule(string IpProtocol, string Description)
{
    /// <summary>The first port.</summary>
    public int? FromPort { get; init; }

    /// <summary>The last port.</summary>
    public int? ToPort { get; init; }

    /// <summary>The destination range.</summary>
    public object? CidrIp { get; init; }

    /// <summary>The destination prefix list, e.g. a gateway endpoint's service.</summary>
    public object? DestinationPrefixListId { get; init; }

    /// <summary>
    /// The rule that lets nothing out: ICMP type 252, code 86 to 255.255.255.255/32 matches no traffic, and its
    /// presence keeps CloudFormation from adding the allow-all rule.
    /// </summary>
    public static EgressRule None { get; } = new("icmp", "No outbound traffic")
    {
        FromPort = 252,
        ToPort = 86,
        CidrIp = "255.255.255.255/32",
    };

    /// <summary>HTTPS to a range.</summary>
    /// <param name="cidr">The range.</param>
    /// <param name="description">Why.</param>
    /// <returns>The rule.</returns>
    public static EgressRule Https(object cidr, string description) => new("tcp", description) { FromPort = 443, ToPort = 443, CidrIp = cidr };
}

/// <summary>The properties of an <c>AWS::EC2::SecurityGroupIngress</c>: an inbound rule kept apart from its group, e.g.
/// one naming the group itself.</summary>
/// <param name="GroupId">The group it belongs to.</param>
/// <param name="IpProtocol">The protocol, <c>-1</c> for all.</param>
/// <param name="SourceSecurityGroupId">The source group.</param>
/// <param name="Description">What it allows, and why.</param>
public sealed record SecurityGroupIngressProperties(object GroupId, string IpProtocol, object SourceSecurityGroupId, string Description);

/// <summary>The properties of an <c>AWS::EC2::SecurityGroupEgress</c>: an outbound rule kept apart from its group.</summary>
/// <param name="GroupId">The group it belongs to.</param>
/// <param name="IpProtocol">The protocol, <c>-1</c> for all.</param>
/// <param name="DestinationSecurityGroupId">The destination group.</param>
/// <param name="Description">What it allows, and why.</param>
public sealed record SecurityGroupEgressProperties(object GroupId, string IpProtocol, object DestinationSecurityGroupId, string Description);
