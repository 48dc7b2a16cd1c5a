namespace Mlmax.Aws.Deployment;

/// <summary>Where and how a pipeline is deployed.</summary>
public sealed record DeployTarget
{
    /// <summary>The stack's name.</summary>
    public required string StackName { get; init; }

    /// <summary>The bucket of code packages and run data.</summary>
    public required string Bucket { get; init; }

    /// <summary>The KMS key of everything stored.</summary>
    public required string KmsKeyArn { get; init; }

    /// <summary>The private subnets the jobs run in.</summary>
    public required IReadOnlyList<string> SubnetIds { get; init; }

    /// <summary>The jobs' security groups.</summary>
    public required IReadOnlyList<string> SecurityGroupIds { get; init; }

    /// <summary>Container images by template parameter (<c>DotnetImage</c>, <c>PythonImage</c>, <c>CommandImage</c>).</summary>
    public IReadOnlyDictionary<string, string> Images { get; init; } = new Dictionary<string, string>();

    /// <summary>Other template parameters, e.g. <c>ArtifactPrefix</c> or <c>LogRetentionDays</c>.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
}
