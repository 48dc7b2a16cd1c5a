using System.Text.RegularExpressions;
using Mlmax.Aws.Compilation;

namespace Mlmax.Aws.SecureEnvironment;

/// <summary>
/// The names the environment of a project gives and expects: the key alias, the tags, and the patterns of the project's
/// state machines and log groups, matching those <see cref="PipelineCompiler"/> gives them.
/// </summary>
public sealed partial record EnvironmentNames
{
    /// <summary>Creates the names of a project.</summary>
    /// <param name="project">The project's name (<c>mlmax.yaml</c> <c>name</c>).</param>
    /// <exception cref="ArgumentException">The name is not a project name.</exception>
    public EnvironmentNames(string project)
    {
        if (!ProjectName().IsMatch(project))
        {
            throw new ArgumentException($"'{project}' is not a project name: a lowercase letter, then lowercase letters, digits, '_' and '-'", nameof(project));
        }

        Project = project;
    }

    /// <summary>The project's name, as the pipeline templates tag their resources with it.</summary>
    public string Project { get; }

    /// <summary><c>mlmax-PROJECT</c> with <c>_</c> made <c>-</c>: the prefix of the names of the project's AWS resources.</summary>
    public string Prefix => $"mlmax-{Project.Replace('_', '-')}";

    /// <summary>The alias of the project's key.</summary>
    public string KeyAlias => $"alias/{Prefix}";

    /// <summary>The default prefix of the project's objects in the bucket (the pipeline templates' <c>ArtifactPrefix</c>).</summary>
    public string ArtifactPrefix => $"mlmax/{Project}";

    /// <summary>The names of the project's state machines, <c>mlmax-PROJECT-*</c>.</summary>
    public string StateMachines => PipelineCompiler.StateMachineName(Project, string.Empty) + "*";

    /// <summary>The log groups of the project's state machines' executions.</summary>
    public string StateMachineLogGroups => $"/aws/vendedlogs/states/{StateMachines}";

    /// <summary>The tag every resource of the project carries, with the project's name.</summary>
    public const string ProjectTag = "mlmax:project";

    /// <summary>The tags of a resource: the project's, and a <c>Name</c>.</summary>
    /// <param name="what">What the resource is, appended to <see cref="Prefix"/> in its <c>Name</c> tag.</param>
    /// <returns>The tags.</returns>
    public IReadOnlyList<CloudFormation.ResourceTag> Tags(string? what = null) => what is null
        ? [new(ProjectTag, Project)]
        : [new(ProjectTag, Project), new("Name", $"{Prefix}-{what}")];

    [GeneratedRegex("^[a-z][a-z0-9_-]*$")]
    private static partial Regex ProjectName();
}
