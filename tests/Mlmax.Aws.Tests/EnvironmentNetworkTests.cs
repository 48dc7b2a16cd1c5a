using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mlmax.Aws.Tests;

/// <summary>The environment's network: private subnets only, endpoints for the AWS services, tight security groups.</summary>
public sealed class EnvironmentNetworkTests
{
    private static readonly EnvironmentTemplate Census = EnvironmentTemplate.Of("census");

    [Fact]
    public void Build_Network_HasNoWayToTheInternet()
    {
        string[] outward = ["AWS::EC2::InternetGateway", "AWS::EC2::EgressOnlyInternetGateway", "AWS::EC2::NatGateway", "AWS::EC2::EIP", "AWS::EC2::VPCGatewayAttachment", "AWS::EC2::Route"];
        foreach (var type in outward)
        {
            Assert.Empty(Census.OfType(type));
        }

        var subnets = Census.OfType("AWS::EC2::Subnet").ToList();
        Assert.Equal(2, subnets.Count);
        Assert.All(subnets, s => Assert.False(s.Resource.GetProperty("Properties").GetProperty("MapPublicIpOnLaunch").GetBoolean()));
        Assert.NotEqual(
            subnets[0].Resource.GetProperty("Properties").GetProperty("AvailabilityZone").GetRawText(),
            subnets[1].Resource.GetProperty("Properties").GetProperty("AvailabilityZone").GetRawText());
        Assert.DoesNotContain(EnvironmentTemplate.Descendants(Census.Root), e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("AssociatePublicIpAddress", out _));
    }

    [Fact]
    public void Build_Vpc_ResolvesPrivateDnsNames()
    {
        var vpc = Census.Properties("Vpc");

        Assert.True(vpc.GetProperty("EnableDnsSupport").GetBoolean());
        Assert.True(vpc.GetProperty("EnableDnsHostnames").GetBoolean());
        Assert.True(EnvironmentTemplate.IsRef(vpc.GetProperty("CidrBlock"), "VpcCidr"));
    }

    [Fact]
    public void Build_InterfaceEndpoints_PrivateDnsInBothPrivateSubnets()
    {
        var endpoints = Census.OfType("AWS::EC2::VPCEndpoint")
            .Select(e => e.Resource.GetProperty("Properties"))
            .Where(p => p.GetProperty("VpcEndpointType").GetString() == "Interface")
            .ToList();

        Assert.All(endpoints, p =>
        {
            Assert.True(p.GetProperty("PrivateDnsEnabled").GetBoolean());
            Assert.Equal(["PrivateSubnetA", "PrivateSubnetB"], p.GetProperty("SubnetIds").EnumerateArray().Select(s => s.GetProperty("Ref").GetString()));
            Assert.True(EnvironmentTemplate.IsGetAtt(p.GetProperty("SecurityGroupIds")[0], "EndpointSecurityGroup", "GroupId"));
        });
        var services = endpoints.Select(p => p.GetProperty("ServiceName").GetProperty("Fn::Sub").GetString()!).ToHashSet();
        string[] expected = ["sagemaker.api", "sagemaker.runtime", "states", "sts", "logs", "ecr.api", "ecr.dkr", "ssm", "ssmmessages", "ec2messages", "kms"];
        Assert.Equal(expected.Select(s => $"com.amazonaws.${{AWS::Region}}.{s}").ToHashSet(), services);
    }

    [Fact]
    public void Build_S3Endpoint_GatewayOnPrivateRouteTablesLimitedToProjectBucket()
    {
        var s3 = Census.Properties("S3GatewayEndpoint");

        Assert.Equal("Gateway", s3.GetProperty("VpcEndpointType").GetString());
        Assert.Equal("com.amazonaws.${AWS::Region}.s3", s3.GetProperty("ServiceName").GetProperty("Fn::Sub").GetString());
        Assert.Equal(["PrivateRouteTableA", "PrivateRouteTableB"], s3.GetProperty("RouteTableIds").EnumerateArray().Select(s => s.GetProperty("Ref").GetString()));
        var project = s3.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray().Single(s => s.GetProperty("Sid").GetString() == "ProjectBucket");
        Assert.True(EnvironmentTemplate.IsGetAtt(project.GetProperty("Resource")[0], "ProjectBucket", "Arn"));
        Assert.All(Census.OfType("AWS::EC2::SubnetRouteTableAssociation"), a => Assert.StartsWith("PrivateRouteTable", a.Resource.GetProperty("Properties").GetProperty("RouteTableId").GetProperty("Ref").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Build_EndpointSecurityGroup_HttpsFromTheVpcOnly()
    {
        var group = Census.Properties("EndpointSecurityGroup");
        var ingress = Assert.Single(group.GetProperty("SecurityGroupIngress").EnumerateArray());

        Assert.Equal("tcp", ingress.GetProperty("IpProtocol").GetString());
        Assert.Equal(443, ingress.GetProperty("FromPort").GetInt32());
        Assert.Equal(443, ingress.GetProperty("ToPort").GetInt32());
        Assert.True(EnvironmentTemplate.IsRef(ingress.GetProperty("CidrIp"), "VpcCidr"));
        Assert.Equal("255.255.255.255/32", Assert.Single(group.GetProperty("SecurityGroupEgress").EnumerateArray()).GetProperty("CidrIp").GetString());
    }

    [Fact]
    public void Build_JobSecurityGroup_HttpsOutAndTrafficWithinAJob()
    {
        var egress = Census.Properties("JobSecurityGroup").GetProperty("SecurityGroupEgress").EnumerateArray().ToList();
        var self = Census.OfType("AWS::EC2::SecurityGroupIngress").Concat(Census.OfType("AWS::EC2::SecurityGroupEgress")).ToList();

        Assert.False(Census.Properties("JobSecurityGroup").TryGetProperty("SecurityGroupIngress", out _));
        Assert.True(EnvironmentTemplate.IsRef(egress[0].GetProperty("CidrIp"), "VpcCidr"));
        Assert.Equal(443, egress[0].GetProperty("FromPort").GetInt32());
        var s3 = egress[1].GetProperty("Fn::If");
        Assert.Equal("HasS3PrefixList", s3[0].GetString());
        Assert.True(EnvironmentTemplate.IsRef(s3[1].GetProperty("DestinationPrefixListId"), "S3PrefixListId"));
        Assert.All([s3[1], s3[2]], r => Assert.Equal(443, r.GetProperty("ToPort").GetInt32()));
        Assert.Equal(2, self.Count);
        Assert.All(self, r =>
        {
            var p = r.Resource.GetProperty("Properties");
            Assert.True(EnvironmentTemplate.IsGetAtt(p.GetProperty("GroupId"), "JobSecurityGroup", "GroupId"));
            var peer = p.TryGetProperty("SourceSecurityGroupId", out var source) ? source : p.GetProperty("DestinationSecurityGroupId");
            Assert.True(EnvironmentTemplate.IsGetAtt(peer, "JobSecurityGroup", "GroupId"));
        });
    }

    [Fact]
    public void Build_SecurityGroupTexts_UseCharactersEc2Accepts()
    {
        var allowed = new Regex(@"^[a-zA-Z0-9 ._\-:/()#,@\[\]+=&;{}!$*]*$");
        var texts = Census.OfType("AWS::EC2::SecurityGroup").Select(g => g.Resource.GetProperty("Properties").GetProperty("GroupDescription").GetString()!)
            .Concat(EnvironmentTemplate.Descendants(Census.Resources)
                .Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("IpProtocol", out _) && e.TryGetProperty("Description", out _))
                .Select(e => e.GetProperty("Description").GetString()!))
            .ToList();

        Assert.True(texts.Count > 5);
        Assert.All(texts, t => Assert.Matches(allowed, t));
    }
}
