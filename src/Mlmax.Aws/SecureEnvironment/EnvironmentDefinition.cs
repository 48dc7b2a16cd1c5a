using Mlmax.Aws.CloudFormation;

namespace Mlmax.Aws.SecureEnvironment;

/// <summary>A project's environment template, and what it creates, part by part.</summary>
/// <param name="Names">The project's names.</param>
/// <param name="Template">The CloudFormation template.</param>
/// <param name="Parts">What it creates, in the order of the template.</param>
public sealed record EnvironmentDefinition(EnvironmentNames Names, Template Template, IReadOnlyList<EnvironmentPart> Parts)
{
    /// <summary>The template's file name.</summary>
    public const string FileName = "environment.template.json";

    /// <summary>Writes the template into a folder.</summary>
    /// <param name="directory">The folder (created if missing).</param>
    /// <returns>The path written.</returns>
    public string WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        AwsJson.Write(path, Template);
        return path;
    }
}

/// <summary>A part of the environment.</summary>
/// <param name="Name">Its name, e.g. <c>network</c>.</param>
/// <param name="Description">What it is, and why.</param>
/// <param name="Resources">The logical ids of its resources.</param>
/// <param name="Toggle">The parameter that turns it off, if one does.</param>
public sealed record EnvironmentPart(string Name, string Description, IReadOnlyList<string> Resources, string? Toggle = null);
