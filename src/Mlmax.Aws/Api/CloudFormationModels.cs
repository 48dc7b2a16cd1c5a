namespace Mlmax.Aws.Api;

/// <summary>What <c>CreateStack</c> and <c>UpdateStack</c> send.</summary>
public sealed record StackRequest
{
    /// <summary>The stack's name.</summary>
    public required string StackName { get; init; }

    /// <summary>The template's text (at most 51,200 bytes), or <see langword="null"/> when <see cref="TemplateUrl"/> is given.</summary>
    public string? TemplateBody { get; init; }

    /// <summary>The template's HTTPS URL in S3, for larger templates.</summary>
    public string? TemplateUrl { get; init; }

    /// <summary>Template parameter values.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Acknowledged capabilities, e.g. <c>CAPABILITY_IAM</c>.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>Stack tags, propagated to the resources that take tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>A token unique to this operation: every stack event it causes carries it.</summary>
    public string? ClientRequestToken { get; init; }
}

/// <summary>A stack as <c>DescribeStacks</c> describes it.</summary>
/// <param name="StackId">Its ARN.</param>
/// <param name="StackName">Its name.</param>
/// <param name="Status">Its status, e.g. <c>CREATE_COMPLETE</c>.</param>
/// <param name="StatusReason">Why, if given.</param>
/// <param name="Outputs">Its outputs.</param>
/// <param name="Parameters">Its parameter values.</param>
public sealed record StackDescription(
    string StackId,
    string StackName,
    string Status,
    string? StatusReason,
    IReadOnlyDictionary<string, string> Outputs,
    IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>Whether an operation is still going on.</summary>
    public bool InProgress => Status.EndsWith("_IN_PROGRESS", StringComparison.Ordinal);

    /// <summary>Whether the last operation succeeded: <c>CREATE_COMPLETE</c>, <c>UPDATE_COMPLETE</c> or <c>IMPORT_COMPLETE</c>.</summary>
    public bool Succeeded => Status is "CREATE_COMPLETE" or "UPDATE_COMPLETE" or "IMPORT_COMPLETE";

    /// <summary>Whether the stack can only be deleted: a first creation that failed and was rolled back.</summary>
    public bool NeedsDeletion => Status is "ROLLBACK_COMPLETE" or "ROLLBACK_FAILED" or "CREATE_FAILED" or "DELETE_FAILED";
}

/// <summary>One event of a stack.</summary>
/// <param name="EventId">Its id.</param>
/// <param name="Timestamp">When.</param>
/// <param name="LogicalResourceId">The resource's name in the template (the stack's own name for stack events).</param>
/// <param name="ResourceType">E.g. <c>AWS::IAM::Role</c>.</param>
/// <param name="ResourceStatus">E.g. <c>CREATE_FAILED</c>.</param>
/// <param name="ResourceStatusReason">Why, if given.</param>
/// <param name="ClientRequestToken">The token of the operation that caused it.</param>
public sealed record StackEvent(
    string EventId,
    DateTimeOffset Timestamp,
    string LogicalResourceId,
    string ResourceType,
    string ResourceStatus,
    string? ResourceStatusReason,
    string? ClientRequestToken)
{
    /// <summary>Whether this resource failed.</summary>
    public bool Failed => ResourceStatus.EndsWith("_FAILED", StringComparison.Ordinal);
}

/// <summary>A page of stack events, newest first.</summary>
/// <param name="Events">The events.</param>
/// <param name="NextToken">The token of the next (older) page, or <see langword="null"/>.</param>
public sealed record StackEventPage(IReadOnlyList<StackEvent> Events, string? NextToken);
