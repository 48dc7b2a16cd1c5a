namespace Mlmax.Aws.CloudFormation;

/// <summary>The properties of an <c>AWS::EC2::VPCEndpoint</c>: a private way to an AWS service from the VPC.</summary>
/// <param name="VpcEndpointType"><c>Gateway</c> (S3, by routes) or <c>Interface</c> (network interfaces in subnets).</param>
/// <param name="VpcId">The VPC.</param>
/// <param name="ServiceName">The service, e.g. <c>com.amazonaws.REGION.sagemaker.api</c>.</param>
public sealed record VpcEndpointProperties(string VpcEndpointType, object VpcId, object ServiceName)
{
    /// <summary>A gateway endpoint's route tables.</summary>
    public IReadOnlyList<object>? RouteTableIds { get; init; }

    /// <summary>An interface endpoint's subnets, one network interface in each.</summary>
    public IReadOnlyList<object>? SubnetIds { get; init; }

    /// <summary>An interface endpoint's security groups.</summary>
    public IReadOnlyList<object>? SecurityGroupIds { get; init; }

    /// <summary>Whether the service's usual DNS name resolves to the interface endpoint inside the VPC.</summary>
    public bool? PrivateDnsEnabled { get; init; }

    /// <summary>What may be done through the endpoint; <see langword="null"/>: anything IAM allows.</summary>
    public PolicyDocument? PolicyDocument { get; init; }

    /// <summary>A gateway endpoint.</summary>
    /// <param name="vpcId">The VPC.</param>
    /// <param name="serviceName">The service.</param>
    /// <param name="routeTableIds">The route tables that get a route to the service.</param>
    /// <returns>The properties.</returns>
    public static VpcEndpointProperties Gateway(object vpcId, object serviceName, IReadOnlyList<object> routeTableIds) =>
        new("Gateway", vpcId, serviceName) { RouteTableIds = routeTableIds };

    /// <summary>An interface endpoint with private DNS.</summary>
    /// <param name="vpcId">The VPC.</param>
    /// <param name="serviceName">The service.</param>
    /// <param name="subnetIds">The subnets.</param>
    /// <param name="securityGroupIds">The security groups of its network interfaces.</param>
    /// <returns>The properties.</returns>
    public static VpcEndpointProperties Interface(object vpcId, object serviceName, IReadOnlyList<object> subnetIds, IReadOnlyList<object> securityGroupIds) =>
        new("Interface", vpcId, serviceName) { SubnetIds = subnetIds, SecurityGroupIds = securityGroupIds, PrivateDnsEnabled = true };
}
