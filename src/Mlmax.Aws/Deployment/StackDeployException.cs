using Mlmax.Aws.Api;

namespace Mlmax.Aws.Deployment;

/// <summary>A stack could not be deployed; the message names the resources that failed and CloudFormation's reasons.</summary>
public sealed class StackDeployException : AwsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="stackName">The stack.</param>
    /// <param name="status">Its status now.</param>
    /// <param name="failures">The events of resources that failed, oldest first.</param>
    /// <param name="message">What happened and what to do.</param>
    public StackDeployException(string stackName, string status, IReadOnlyList<StackEvent> failures, string message)
        : base(message)
    {
        StackName = stackName;
        Status = status;
        Failures = failures;
    }

    /// <summary>The stack.</summary>
    public string StackName { get; }

    /// <summary>Its status.</summary>
    public string Status { get; }

    /// <summary>The failed resources' events, oldest first.</summary>
    public IReadOnlyList<StackEvent> Failures { get; }

    /// <summary>The first failure that is a cause rather than a consequence (CloudFormation cancels the other resources' work after one fails).</summary>
    public StackEvent? Cause => Failures.FirstOrDefault(f => !IsConsequence(f)) ?? (Failures.Count > 0 ? Failures[0] : null);

    /// <summary>The exception for an operation that ended in a failed or rolled back status.</summary>
    /// <param name="stack">The stack.</param>
    /// <param name="failures">The operation's failed events, oldest first.</param>
    /// <returns>The exception.</returns>
    public static StackDeployException Failed(StackDescription stack, IReadOnlyList<StackEvent> failures)
    {
        var causes = failures.Where(f => !IsConsequence(f) && f.LogicalResourceId != stack.StackName).ToList();
        var reasons = (causes.Count > 0 ? causes : failures.Where(f => f.LogicalResourceId != stack.StackName).ToList())
            .Select(f => $"{f.LogicalResourceId} ({f.ResourceType}) {f.ResourceStatus}: {f.ResourceStatusReason ?? "no reason given"}")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var what = reasons.Count > 0 ? string.Join("; ", reasons) : stack.StatusReason ?? "CloudFormation gave no reason";
        var next = stack.NeedsDeletion
            ? $" The first creation failed, so the stack can only be deleted: aws cloudformation delete-stack --stack-name {stack.StackName}, then fix the cause and deploy again."
            : " The stack was rolled back to its previous state: fix the cause and deploy again.";
        return new StackDeployException(stack.StackName, stack.Status, failures, $"stack {stack.StackName} ended {stack.Status}: {what}.{next}");
    }

    private static bool IsConsequence(StackEvent e) =>
        e.ResourceStatusReason is { } reason && (reason.Contains("cancelled", StringComparison.OrdinalIgnoreCase)
            || reason.StartsWith("The following resource(s) failed", StringComparison.Ordinal));
}
