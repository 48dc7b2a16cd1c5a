using Mlmax.Aws.Api;
using Mlmax.Aws.Deployment;
using Mlmax.Cli.Internal;

namespace Mlmax.Cli.Commands.Aws;

/// <summary>Where a deployment goes: each value from its option, else the environment stack's outputs, else the last deployment.</summary>
internal sealed partial class AwsDeployCommand
{
    /// <summary>The environment stack's outputs mlmax reads.</summary>
    internal static readonly (string Output, string Option)[] EnvironmentOutputs =
    [
        ("ArtifactBucket", "--bucket"), ("KmsKeyArn", "--kms-key"), ("PrivateSubnetIds", "--subnets"), ("JobSecurityGroupId", "--security-groups"),
    ];

    private static async Task<DeployTarget> TargetAsync(
        Settings settings, CloudFormationClient cloudFormation, DeploymentRecord? previous, string defaultStack, IReadOnlyCollection<string> declared, CancellationToken cancellationToken)
    {
        var fromEnvironment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (settings.EnvStack is { } envStack)
        {
            var stack = await cloudFormation.DescribeStackAsync(envStack, cancellationToken)
                ?? throw new UserException($"--env-stack {envStack}: no such stack in this region (create it with mlmax aws env, or check AWS_REGION)");
            foreach (var (output, option) in EnvironmentOutputs)
            {
                if (stack.Outputs.TryGetValue(output, out var value) && value.Length > 0)
                {
                    fromEnvironment[output] = value;
                }
                else if (Option(settings, option) is null)
                {
                    throw new UserException($"--env-stack {envStack}: the stack has no output {output} ({stack.Status}); pass {option} instead");
                }
            }
        }

        // What the last deployment set and this one is not told: its images and other parameters, if the template still has them.
        var earlier = previous?.Parameters ?? new Dictionary<string, string>();
        var images = earlier.Where(p => p.Key.EndsWith("Image", StringComparison.Ordinal) && declared.Contains(p.Key))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var (kind, uri) in KeyValueParser.Parse(settings.Images, "--image"))
        {
            images.Remove(kind.EndsWith("Image", StringComparison.Ordinal) ? kind : kind + "Image");
            images[kind] = uri;
        }

        var parameters = earlier.Where(p => !p.Key.EndsWith("Image", StringComparison.Ordinal) && declared.Contains(p.Key) && !PipelineDeployer.ManagedParameters.Contains(p.Key))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var (name, value) in KeyValueParser.Parse(settings.Params, "--param"))
        {
            parameters[name] = value;
        }

        var problems = new List<string>();
        string Pick(string option, string output, string? fromPrevious)
        {
            var value = Option(settings, option) ?? fromEnvironment.GetValueOrDefault(output) ?? fromPrevious;
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{option} is missing (or --env-stack NAME, whose output {output} gives it)");
                return string.Empty;
            }

            return value.Trim();
        }

        var bucket = Pick("--bucket", "ArtifactBucket", earlier.GetValueOrDefault("ArtifactBucket"));
        var key = Pick("--kms-key", "KmsKeyArn", earlier.GetValueOrDefault("KmsKeyArn"));
        var subnets = Pick("--subnets", "PrivateSubnetIds", earlier.GetValueOrDefault("SubnetIds"));
        var groups = Pick("--security-groups", "JobSecurityGroupId", earlier.GetValueOrDefault("SecurityGroupIds"));
        if (problems.Count > 0)
        {
            throw new DeployRequestException(problems);
        }

        return new DeployTarget
        {
            StackName = settings.Stack ?? previous?.StackName ?? defaultStack,
            Bucket = bucket,
            KmsKeyArn = key,
            SubnetIds = List(subnets),
            SecurityGroupIds = List(groups),
            Images = images,
            Parameters = parameters,
        };
    }

    private static string? Option(Settings settings, string option) => option switch
    {
        "--bucket" => settings.Bucket,
        "--kms-key" => settings.KmsKey,
        "--subnets" => settings.Subnets,
        "--security-groups" => settings.SecurityGroups,
        _ => null,
    };

    private static List<string> List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
