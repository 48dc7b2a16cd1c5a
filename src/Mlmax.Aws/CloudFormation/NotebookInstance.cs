namespace Mlmax.Aws.CloudFormation;

/// <summary>
/// The properties of an <c>AWS::SageMaker::NotebookInstance</c> kept inside a VPC: no direct internet access, no root
/// access for notebook users, instance metadata through IMDSv2 only, its volume encrypted with a given key.
/// </summary>
/// <param name="InstanceType">Its instance type, e.g. <c>ml.t3.medium</c>.</param>
/// <param name="RoleArn">The role its notebooks run as.</param>
/// <param name="SubnetId">Its subnet.</param>
/// <param name="SecurityGroupIds">Its security groups.</param>
/// <param name="KmsKeyId">The key encrypting its storage volume.</param>
public sealed record NotebookInstanceProperties(object InstanceType, object RoleArn, object SubnetId, IReadOnlyList<object> SecurityGroupIds, object KmsKeyId)
{
    /// <summary><c>Disabled</c>: its traffic goes through the VPC only.</summary>
    public string DirectInternetAccess => "Disabled";

    /// <summary><c>Disabled</c>: notebook users are not root.</summary>
    public string RootAccess => "Disabled";

    /// <summary>Only IMDSv2 (session tokens) answers on the instance.</summary>
    public NotebookMetadataService InstanceMetadataServiceConfiguration { get; } = new();

    /// <summary>The size of its storage volume, in GB.</summary>
    public object? VolumeSizeInGB { get; init; }

    /// <summary>Its tags.</summary>
    public IReadOnlyList<ResourceTag>? Tags { get; init; }
}

/// <summary>A notebook instance's metadata service: IMDSv2 only.</summary>
public sealed record NotebookMetadataService
{
    /// <summary><c>2</c>.</summary>
    public string MinimumInstanceMetadataServiceVersion => "2";
}
