using System.Text.Json.Serialization;

namespace Mlmax.Aws.CloudFormation;

/// <summary>A CloudFormation template.</summary>
/// <param name="Description">What it deploys.</param>
/// <param name="Parameters">Its parameters, in the order they are written.</param>
/// <param name="Resources">Its resources by logical id, in the order they are written.</param>
/// <param name="Outputs">Its outputs.</param>
public sealed record Template(
    string Description,
    IReadOnlyDictionary<string, Parameter> Parameters,
    IReadOnlyDictionary<string, Resource> Resources,
    IReadOnlyDictionary<string, Output> Outputs)
{
    /// <summary>The template format version.</summary>
    [JsonPropertyOrder(-1)]
    public string AWSTemplateFormatVersion => "2010-09-09";

    /// <summary>Named conditions, e.g. <c>{ "Fn::Equals": [...] }</c>.</summary>
    [JsonPropertyOrder(1)]
    public IReadOnlyDictionary<string, object>? Conditions { get; init; }

    /// <summary>Template metadata, e.g. the parameter groups the console shows.</summary>
    [JsonPropertyOrder(-1)]
    public IReadOnlyDictionary<string, object>? Metadata { get; init; }
}

/// <summary>A template parameter.</summary>
/// <param name="Type">Its type, e.g. <c>String</c> or <c>List&lt;AWS::EC2::Subnet::Id&gt;</c>.</param>
/// <param name="Description">What it is.</param>
public sealed record Parameter(string Type, string Description)
{
    /// <summary>Its default.</summary>
    public object? Default { get; init; }

    /// <summary>A pattern its value must match.</summary>
    public string? AllowedPattern { get; init; }

    /// <summary>The values it may take.</summary>
    public IReadOnlyList<object>? AllowedValues { get; init; }

    /// <summary>The smallest value.</summary>
    public int? MinValue { get; init; }

    /// <summary>The shortest value.</summary>
    public int? MinLength { get; init; }

    /// <summary>Shown when the value is refused.</summary>
    public string? ConstraintDescription { get; init; }
}

/// <summary>A resource.</summary>
/// <param name="Type">Its resource type, e.g. <c>AWS::IAM::Role</c>.</param>
/// <param name="Properties">Its properties: a typed record of that resource type.</param>
public sealed record Resource(string Type, object Properties)
{
    /// <summary>Resources created before this one.</summary>
    [JsonPropertyOrder(-1)]
    public IReadOnlyList<string>? DependsOn { get; init; }

    /// <summary>The condition the resource is created under.</summary>
    [JsonPropertyOrder(-1)]
    public string? Condition { get; init; }

    /// <summary>What happens to it when the stack is deleted, e.g. <c>Retain</c>.</summary>
    public string? DeletionPolicy { get; init; }

    /// <summary>What happens to it when an update replaces it.</summary>
    public string? UpdateReplacePolicy { get; init; }
}

/// <summary>A template output.</summary>
/// <param name="Description">What it is.</param>
/// <param name="Value">Its value.</param>
public sealed record Output(string Description, object Value)
{
    /// <summary>The condition the output exists under: that of the resource it names.</summary>
    [JsonPropertyOrder(-1)]
    public string? Condition { get; init; }

    /// <summary>The name other stacks import it by.</summary>
    public object? Export { get; init; }
}
