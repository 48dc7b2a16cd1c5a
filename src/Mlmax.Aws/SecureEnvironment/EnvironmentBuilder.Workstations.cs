using Mlmax.Aws.CloudFormation;

namespace Mlmax.Aws.SecureEnvironment;

/// <summary>
/// Where people work: a SageMaker notebook instance and an EC2 development instance, each optional, each in a private
/// subnet with no inbound rule, an encrypted volume and a least-privilege role.
/// </summary>
public sealed partial class EnvironmentBuilder
{
    private void AddNotebook()
    {
        Add(R.NotebookRole, new("AWS::IAM::Role", RoleProperties.For(
            $"The SageMaker notebook of mlmax project {_names.Project}: the project's prefix, key, pipelines and logs",
            "sagemaker.amazonaws.com",
            ProjectAccess.Policy(_names, R.Bucket, R.Key, P.ArtifactPrefix),
            new InlinePolicy("mlmax-notebook-logs", new PolicyDocument(
            [
                Statement.Allow(
                    "WriteNotebookLogs",
                    ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
                    Fn.Sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/sagemaker/NotebookInstances:*")),
            ]))) with
        {
            Tags = _names.Tags(),
        })
        {
            Condition = C.Notebook,
        });
        Add(R.Notebook, new("AWS::SageMaker::NotebookInstance", new NotebookInstanceProperties(
            Fn.Ref(P.NotebookInstanceType),
            Fn.GetAtt(R.NotebookRole, "Arn"),
            Fn.Ref(R.SubnetA),
            [Fn.GetAtt(R.WorkstationSecurityGroup, "GroupId")],
            Fn.GetAtt(R.Key, "Arn"))
        {
            VolumeSizeInGB = Fn.Ref(P.NotebookVolumeGb),
            Tags = _names.Tags("notebook"),
        })
        {
            Condition = C.Notebook,
        });
        Part(
            "notebook",
            "SageMaker notebook instance: no internet, no root, IMDSv2, encrypted volume, least-privilege role",
            [R.NotebookRole, R.Notebook],
            P.CreateNotebook);
    }

    private void AddDevInstance()
    {
        Add(R.DevInstanceRole, new("AWS::IAM::Role", RoleProperties.For(
            $"The development instance of mlmax project {_names.Project}: Session Manager, and the project's prefix, key, pipelines and logs",
            "ec2.amazonaws.com",
            ProjectAccess.Policy(_names, R.Bucket, R.Key, P.ArtifactPrefix)) with
        {
            ManagedPolicyArns = [Fn.Sub("arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore")],
            Tags = _names.Tags(),
        })
        {
            Condition = C.DevInstance,
        });
        Add(R.DevInstanceProfile, new("AWS::IAM::InstanceProfile", new InstanceProfileProperties([Fn.Ref(R.DevInstanceRole)]))
        {
            Condition = C.DevInstance,
        });
        Add(R.DevInstance, new("AWS::EC2::Instance", new InstanceProperties(
            Fn.Ref(P.DevInstanceImageId),
            Fn.Ref(P.DevInstanceType),
            Fn.Ref(R.SubnetA),
            [Fn.GetAtt(R.WorkstationSecurityGroup, "GroupId")],
            Fn.Ref(R.DevInstanceProfile),
            [new BlockDeviceMapping("/dev/xvda", new EbsVolume(Fn.Ref(P.DevInstanceVolumeGb), Fn.GetAtt(R.Key, "Arn")))])
        {
            Tags = _names.Tags("dev"),
        })
        {
            Condition = C.DevInstance,
            // The SSM agent registers at boot through these endpoints, and installs packages through S3's.
            DependsOn = [R.S3Endpoint, "SsmEndpoint", "SsmMessagesEndpoint", "Ec2MessagesEndpoint"],
        });
        Part(
            "development instance",
            "EC2 instance reached only through Session Manager: no key pair, public address or inbound rule; IMDSv2, encrypted root volume, least-privilege role",
            [R.DevInstanceRole, R.DevInstanceProfile, R.DevInstance],
            P.CreateDevInstance);
    }
}
