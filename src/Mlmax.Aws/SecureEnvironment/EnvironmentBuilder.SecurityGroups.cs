using Mlmax.Aws.CloudFormation;

namespace Mlmax.Aws.SecureEnvironment;

/// <summary>
/// The security groups of what runs in the subnets: the SageMaker jobs' (HTTPS to the endpoints and S3, and any traffic
/// between the instances of one job) and the workstations' (HTTPS to the endpoints and S3, nothing inbound).
/// </summary>
public sealed partial class EnvironmentBuilder
{
    private const string SelfIngress = "JobSecurityGroupSelfIngress";
    private const string SelfEgress = "JobSecurityGroupSelfEgress";

    private void AddSecurityGroups()
    {
        Add(R.JobSecurityGroup, new("AWS::EC2::SecurityGroup", new SecurityGroupProperties(
            "mlmax SageMaker jobs: HTTPS to the VPC endpoints and S3, and traffic between the instances of a job",
            Fn.Ref(R.Vpc),
            OutboundHttps())
        {
            Tags = _names.Tags("jobs"),
        }));
        // Rules naming the group itself live apart from it: inside it, the group would depend on itself.
        Add(SelfIngress, new("AWS::EC2::SecurityGroupIngress", new SecurityGroupIngressProperties(
            Fn.GetAtt(R.JobSecurityGroup, "GroupId"), "-1", Fn.GetAtt(R.JobSecurityGroup, "GroupId"), "Traffic between the instances of a distributed job")));
        Add(SelfEgress, new("AWS::EC2::SecurityGroupEgress", new SecurityGroupEgressProperties(
            Fn.GetAtt(R.JobSecurityGroup, "GroupId"), "-1", Fn.GetAtt(R.JobSecurityGroup, "GroupId"), "Traffic between the instances of a distributed job")));
        Add(R.WorkstationSecurityGroup, new("AWS::EC2::SecurityGroup", new SecurityGroupProperties(
            "mlmax notebook and development instance: nothing inbound (Session Manager only), HTTPS to the VPC endpoints and S3",
            Fn.Ref(R.Vpc),
            OutboundHttps())
        {
            Tags = _names.Tags("workstations"),
        }));
        Part(
            "security groups",
            "jobs: HTTPS to the endpoints and S3, traffic within a job; notebook and development instance: no inbound rule",
            [R.JobSecurityGroup, SelfIngress, SelfEgress, R.WorkstationSecurityGroup]);
    }

    /// <summary>
    /// HTTPS to the interface endpoints, and to S3 through the gateway endpoint: to S3's prefix list when
    /// <c>S3PrefixListId</c> is set (CloudFormation cannot look it up), else to any address, which the route tables
    /// (only the VPC and the S3 gateway endpoint) narrow to S3.
    /// </summary>
    private static List<object> OutboundHttps() =>
    [
        EgressRule.Https(Fn.Ref(P.VpcCidr), "HTTPS to the VPC endpoints"),
        Fn.If(
            C.S3PrefixList,
            new EgressRule("tcp", "HTTPS to S3 through the gateway endpoint") { FromPort = 443, ToPort = 443, DestinationPrefixListId = Fn.Ref(P.S3PrefixListId) },
            EgressRule.Https("0.0.0.0/0", "HTTPS to S3 through the gateway endpoint: the subnets route nowhere else outside the VPC")),
    ];
}
