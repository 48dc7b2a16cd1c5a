namespace Mlmax.Aws.CloudFormation;

/// <summary>
/// The properties of a private <c>AWS::S3::Bucket</c>: every public access blocked, ACLs off (the bucket owner owns
/// every object), versioned, encrypted by default.
/// </summary>
/// <param name="BucketEncryption">How objects are encrypted when a request says nothing.</param>
/// <param name="LifecycleConfiguration">Its lifecycle rules.</param>
public sealed record BucketProperties(BucketEncryption BucketEncryption, LifecycleConfiguration LifecycleConfiguration)
{
    /// <summary>Its name; <see langword="null"/>: CloudFormation names it.</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public object? BucketName { get; init; }

    /// <summary>Every object keeps its earlier versions.</summary>
    public VersioningConfiguration VersioningConfiguration { get; } = new();

    /// <summary>No public ACL or policy takes effect.</summary>
    public PublicAccessBlockConfiguration PublicAccessBlockConfiguration { get; } = new();

    /// <summary>ACLs are off: the bucket owner owns every object.</summary>
    public OwnershipControls OwnershipControls { get; } = new();

    /// <summary>Where server access logs go; an <see cref="Fn.If"/> for logs that can be turned off.</summary>
    public object? LoggingConfiguration { get; init; }

    /// <summary>Where it sends events about its objects.</summary>
    public BucketNotifications? NotificationConfiguration { get; init; }

    /// <summary>Its tags.</summary>
    public IReadOnlyList<ResourceTag>? Tags { get; init; }
}

/// <summary>A bucket's event notifications.</summary>
/// <param name="EventBridgeConfiguration">Whether every event goes to EventBridge.</param>
public sealed record BucketNotifications(EventBridgeNotifications EventBridgeConfiguration);

/// <summary>Sending a bucket's events to EventBridge's default bus.</summary>
/// <param name="EventBridgeEnabled">Whether they are sent.</param>
public sealed record EventBridgeNotifications(bool EventBridgeEnabled);

/// <summary>A bucket's default encryption.</summary>
/// <param name="ServerSideEncryptionConfiguration">Its rule (one).</param>
public sealed record BucketEncryption(IReadOnlyList<ServerSideEncryptionRule> ServerSideEncryptionConfiguration)
{
    /// <summary>SSE-KMS with a customer managed key, with an S3 bucket key (fewer KMS calls).</summary>
    /// <param name="keyArn">The key.</param>
    /// <returns>The encryption.</returns>
    public static BucketEncryption Kms(object keyArn) => new([new ServerSideEncryptionRule(new ServerSideEncryptionByDefault("aws:kms") { KMSMasterKeyID = keyArn }) { BucketKeyEnabled = true }]);

    /// <summary>SSE-S3: what a bucket receiving server access logs must use.</summary>
    /// <returns>The encryption.</returns>
    public static BucketEncryption S3Managed() => new([new ServerSideEncryptionRule(new ServerSideEncryptionByDefault("AES256"))]);
}

/// <summary>A default encryption rule.</summary>
/// <param name="ServerSideEncryptionByDefault">The algorithm and key.</param>
public sealed record ServerSideEncryptionRule(ServerSideEncryptionByDefault ServerSideEncryptionByDefault)
{
    /// <summary>Whether S3 uses a bucket key for SSE-KMS.</summary>
    public bool? BucketKeyEnabled { get; init; }
}

/// <summary>The default algorithm and key.</summary>
/// <param name="SSEAlgorithm"><c>aws:kms</c> or <c>AES256</c>.</param>
public sealed record ServerSideEncryptionByDefault(string SSEAlgorithm)
{
    /// <summary>The KMS key, for <c>aws:kms</c>.</summary>
    public object? KMSMasterKeyID { get; init; }
}

/// <summary>Versioning, on.</summary>
public sealed record VersioningConfiguration
{
    /// <summary><c>Enabled</c>.</summary>
    public string Status => "Enabled";
}

/// <summary>All four public access blocks, on.</summary>
public sealed record PublicAccessBlockConfiguration
{
    /// <summary>Refuses requests that set public ACLs.</summary>
    public bool BlockPublicAcls => true;

    /// <summary>Refuses bucket policies that grant public access.</summary>
    public bool BlockPublicPolicy => true;

    /// <summary>Ignores public ACLs.</summary>
    public bool IgnorePublicAcls => true;

    /// <summary>Only the account and AWS services reach the bucket even if a policy were public.</summary>
    public bool RestrictPublicBuckets => true;
}

/// <summary>Object ownership: the bucket owner, ACLs disabled.</summary>
public sealed record OwnershipControls
{
    /// <summary>The rule (one).</summary>
    public IReadOnlyList<OwnershipControlsRule> Rules { get; } = [new()];
}

/// <summary>An object ownership rule.</summary>
public sealed record OwnershipControlsRule
{
    /// <summary><c>BucketOwnerEnforced</c>.</summary>
    public string ObjectOwnership => "BucketOwnerEnforced";
}

/// <summary>A bucket's lifecycle rules.</summary>
/// <param name="Rules">The rules.</param>
public sealed record LifecycleConfiguration(IReadOnlyList<LifecycleRule> Rules);

/// <summary>A lifecycle rule, enabled.</summary>
/// <param name="Id">Its id, saying what it does.</param>
public sealed record LifecycleRule(string Id)
{
    /// <summary><c>Enabled</c>.</summary>
    public string Status => "Enabled";

    /// <summary>Removes the parts of uploads never completed.</summary>
    public AbortIncompleteMultipartUpload? AbortIncompleteMultipartUpload { get; init; }

    /// <summary>Deletes objects this many days after they were written.</summary>
    public object? ExpirationInDays { get; init; }

    /// <summary>Deletes versions this long after a newer one replaced them.</summary>
    public NoncurrentVersionExpiration? NoncurrentVersionExpiration { get; init; }
}

/// <summary>When unfinished multipart uploads are removed.</summary>
/// <param name="DaysAfterInitiation">Days after the upload started.</param>
public sealed record AbortIncompleteMultipartUpload(int DaysAfterInitiation);

/// <summary>When replaced versions are deleted.</summary>
/// <param name="NoncurrentDays">Days after a newer version replaced them.</param>
public sealed record NoncurrentVersionExpiration(object NoncurrentDays);

/// <summary>Where a bucket's server access logs go.</summary>
/// <param name="DestinationBucketName">The log bucket.</param>
/// <param name="LogFilePrefix">The prefix of the log objects.</param>
public sealed record BucketLogging(object DestinationBucketName, string LogFilePrefix);

/// <summary>The properties of an <c>AWS::S3::BucketPolicy</c>.</summary>
/// <param name="Bucket">The bucket.</param>
/// <param name="PolicyDocument">The policy.</param>
public sealed record BucketPolicyProperties(object Bucket, PolicyDocument PolicyDocument);
