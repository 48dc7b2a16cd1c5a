namespace Mlmax.Aws.CloudFormation;

/// <summary>The properties of a symmetric, customer managed <c>AWS::KMS::Key</c> whose key material rotates every year.</summary>
/// <param name="Description">What it encrypts.</param>
/// <param name="KeyPolicy">Who may administer and use it.</param>
public sealed record KmsKeyProperties(string Description, PolicyDocument KeyPolicy)
{
    /// <summary>The key material rotates automatically.</summary>
    public bool EnableKeyRotation => true;

    /// <summary>Days between the stack's deletion of the key and the key's deletion, during which it can be restored.</summary>
    public int PendingWindowInDays => 30;

    /// <summary>Its tags.</summary>
    public IReadOnlyList<ResourceTag>? Tags { get; init; }
}

/// <summary>The properties of an <c>AWS::KMS::Alias</c>.</summary>
/// <param name="AliasName">Its name, <c>alias/...</c>.</param>
/// <param name="TargetKeyId">The key.</param>
public sealed record KmsAliasProperties(string AliasName, object TargetKeyId);
