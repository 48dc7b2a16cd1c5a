using System.Globalization;
using Mlmax.Aws.Api;
using Mlmax.Aws.Compilation;
using Mlmax.Aws.Deployment;
using Mlmax.Definitions;
using Mlmax.Specs;

namespace Mlmax.Cli.Internal;

/// <summary>What the <c>mlmax aws</c> commands share: compiling a pipeline, finding its deployment, and the AWS settings.</summary>
internal static class AwsProject
{
    /// <summary>How long to wait between two looks at a stack or an execution unless told otherwise.</summary>
    public const double DefaultPollSeconds = 5;

    /// <summary>Compiles a pipeline of a project, as <c>mlmax aws compile</c> does.</summary>
    public static (CompiledPipeline Compiled, PipelineSpec Pipeline) Compile(string root, ProjectSettings settings, string pipelineArgument)
    {
        var path = ProjectHost.PipelinePath(root, pipelineArgument);
        var pipeline = new PipelineLoader().Load(path);
        try
        {
            return (new PipelineCompiler(root, settings).Compile(pipeline, Path.GetRelativePath(root, path)), pipeline);
        }
        catch (AwsCompileException e)
        {
            throw new UserException($"{Path.GetRelativePath(Environment.CurrentDirectory, path)} cannot be compiled for AWS:{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", e.Errors)}");
        }
        catch (FileNotFoundException e)
        {
            throw new UserException(e.Message);
        }
    }

    /// <summary>The region, credentials and endpoints, or a <see cref="UserException"/> saying how to configure them.</summary>
    public static async Task<AwsSettings> SettingsAsync(string? region, CancellationToken cancellationToken)
    {
        var settings = await AwsSettings.ResolveAsync(cancellationToken);
        return region is null ? settings : settings.WithRegion(region, Environment.GetEnvironmentVariable);
    }

    /// <summary>The name a pipeline argument stands for: the name itself, or the <c>name:</c> of the file it names.</summary>
    public static string PipelineName(string root, string pipelineArgument)
    {
        if (!pipelineArgument.Contains('/', StringComparison.Ordinal) && !pipelineArgument.Contains('.', StringComparison.Ordinal))
        {
            return pipelineArgument;
        }

        return new PipelineLoader().Load(ProjectHost.PipelinePath(root, pipelineArgument)).Name;
    }

    /// <summary>A pipeline's deployment, or a <see cref="UserException"/> saying how to deploy it.</summary>
    public static DeploymentRecord Deployment(string stateDirectory, string pipeline) =>
        ReadDeployment(stateDirectory, pipeline)
        ?? throw new UserException($"pipeline '{pipeline}' is not deployed from this project: run 'mlmax aws deploy {pipeline} --env-stack NAME' "
            + "(or --bucket B --kms-key ARN --subnets S1,S2 --security-groups SG) first");

    /// <summary>A pipeline's deployment, if any.</summary>
    public static DeploymentRecord? ReadDeployment(string stateDirectory, string pipeline)
    {
        try
        {
            return DeploymentRecord.Read(DeploymentRecord.PathFor(stateDirectory, pipeline));
        }
        catch (InvalidDataException e)
        {
            throw new UserException(e.Message);
        }
    }

    /// <summary>Every deployment of the project.</summary>
    public static IReadOnlyList<DeploymentRecord> Deployments(string stateDirectory)
    {
        var folder = Path.Combine(stateDirectory, "aws");
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal)
                .Select(f => ReadDeployment(stateDirectory, Path.GetFileNameWithoutExtension(f)))
                .OfType<DeploymentRecord>()
                .ToList()
            : [];
    }

    /// <summary>The interval of <c>--poll-seconds</c>.</summary>
    public static TimeSpan PollInterval(double seconds) =>
        seconds is > 0 and <= 3600 ? TimeSpan.FromSeconds(seconds)
        : throw new UserException($"--poll-seconds {seconds.ToString(CultureInfo.InvariantCulture)}: give a number of seconds between 0 and 3600");

    /// <summary>An execution's ARN from its state machine's and its name.</summary>
    public static string ExecutionArn(string stateMachineArn, string name) =>
        stateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + name;

    /// <summary>The AWS console page of an execution.</summary>
    public static string ConsoleUrl(string region, string executionArn) =>
        $"https://{region}.console.aws.amazon.com/states/home?region={region}#/v2/executions/details/{executionArn}";
}
