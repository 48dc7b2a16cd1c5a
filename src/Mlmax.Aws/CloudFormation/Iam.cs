using System.Text.Json.Serialization;

namespace Mlmax.Aws.CloudFormation;

/// <summary>An IAM policy document.</summary>
/// <param name="Statement">Its statements.</param>
public sealed record PolicyDocument(IReadOnlyList<Statement> Statement)
{
    /// <summary>The policy language version.</summary>
    [JsonPropertyOrder(-1)]
    public string Version => "2012-10-17";
}

/// <summary>A policy statement.</summary>
/// <param name="Sid">Its id, saying what it is for.</param>
/// <param name="Effect"><c>Allow</c> or <c>Deny</c>.</param>
public sealed record Statement(string Sid, string Effect)
{
    /// <summary>Who it applies to (resource policies only).</summary>
    public object? Principal { get; init; }

    /// <summary>The actions.</summary>
    public IReadOnlyList<string>? Action { get; init; }

    /// <summary>The resources.</summary>
    public IReadOnlyList<object>? Resource { get; init; }

    /// <summary>When it applies.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, object>>? Condition { get; init; }

    /// <summary>An allow statement.</summary>
    /// <param name="sid">Its id.</param>
    /// <param name="actions">The actions.</param>
    /// <param name="resources">The resources.</param>
    /// <returns>The statement.</returns>
    public static Statement Allow(string sid, IReadOnlyList<string> actions, params object[] resources) =>
        new(sid, "Allow") { Action = actions, Resource = resources };
}

/// <summary>The principal of a trust or resource policy.</summary>
/// <param name="Service">The service principals, e.g. <c>states.amazonaws.com</c>, or <see cref="Fn.Sub"/> of a regional one.</param>
public sealed record ServicePrincipal(IReadOnlyList<object> Service);

/// <summary>An AWS account or IAM principal of a resource policy, e.g. the account's root.</summary>
/// <param name="Aws">The principals' ARNs.</param>
public sealed record AwsPrincipal([property: JsonPropertyName("AWS")] IReadOnlyList<object> Aws);

/// <summary>The properties of an <c>AWS::IAM::Role</c>.</summary>
/// <param name="Description">What the role is for.</param>
/// <param name="AssumeRolePolicyDocument">Who may assume it.</param>
/// <param name="Policies">Its inline policies.</param>
public sealed record RoleProperties(string Description, PolicyDocument AssumeRolePolicyDocument, IReadOnlyList<InlinePolicy> Policies)
{
    /// <summary>The most the role may ever be granted, e.g. a boundary policy's ARN.</summary>
    public object? PermissionsBoundary { get; init; }

    /// <summary>Longest session, in seconds.</summary>
    public int? MaxSessionDuration { get; init; }

    /// <summary>Managed policies attached to it.</summary>
    public IReadOnlyList<object>? ManagedPolicyArns { get; init; }

    /// <summary>Its tags.</summary>
    public IReadOnlyList<ResourceTag>? Tags { get; init; }

    /// <summary>A role the given service may assume.</summary>
    /// <param name="description">What it is for.</param>
    /// <param name="service">The service principal.</param>
    /// <param name="policies">Its inline policies.</param>
    /// <returns>The properties.</returns>
    public static RoleProperties For(string description, string service, params InlinePolicy[] policies) => new(
        description,
        new PolicyDocument([new Statement("TrustedService", "Allow") { Principal = new ServicePrincipal([service]), Action = ["sts:AssumeRole"] }]),
        policies);
}

/// <summary>An inline policy of a role.</summary>
/// <param name="PolicyName">Its name.</param>
/// <param name="PolicyDocument">Its document.</param>
public sealed record InlinePolicy(string PolicyName, PolicyDocument PolicyDocument);

/// <summary>The properties of an <c>AWS::IAM::InstanceProfile</c>: how an EC2 instance takes a role.</summary>
/// <param name="Roles">The role (one).</param>
public sealed record InstanceProfileProperties(IReadOnlyList<object> Roles);

/// <summary>A resource tag.</summary>
/// <param name="Key">Its key.</param>
/// <param name="Value">Its value.</param>
public sealed record ResourceTag(string Key, object Value);
