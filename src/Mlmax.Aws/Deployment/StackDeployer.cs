using Mlmax.Aws.Api;

namespace Mlmax.Aws.Deployment;

/// <summary>What a deployment did to the stack.</summary>
public enum StackOperation
{
    /// <summary>The stack was created.</summary>
    Created,

    /// <summary>The stack was updated.</summary>
    Updated,

    /// <summary>CloudFormation found nothing to update.</summary>
    Unchanged,
}

/// <summary>A stack after a deployment.</summary>
/// <param name="Stack">The stack.</param>
/// <param name="Operation">What was done.</param>
public sealed record StackDeployment(StackDescription Stack, StackOperation Operation);

/// <summary>
/// Creates a stack, or updates it when it exists, and waits for CloudFormation to finish, handing over the
/// operation's events as they arrive (each operation has its own client request token, which its events carry). A
/// failed operation throws <see cref="StackDeployException"/> naming the resources that failed and why.
/// </summary>
public sealed class StackDeployer
{
    private readonly CloudFormationClient _client;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;

    /// <summary>Creates the deployer.</summary>
    /// <param name="client">The CloudFormation client.</param>
    /// <param name="time">The clock.</param>
    /// <param name="interval">How long to wait between two looks at the stack.</param>
    public StackDeployer(CloudFormationClient client, TimeProvider time, TimeSpan interval)
    {
        _client = client;
        _time = time;
        _interval = interval;
    }

    /// <summary>Creates or updates a stack and waits for the end.</summary>
    /// <param name="request">The stack (its client request token is set here).</param>
    /// <param name="onEvent">Receives the operation's events, oldest first.</param>
    /// <param name="cancellationToken">Stops waiting (CloudFormation goes on).</param>
    /// <returns>The stack and what was done.</returns>
    /// <exception cref="StackDeployException">The stack cannot be deployed now, or the operation failed.</exception>
    public async Task<StackDeployment> DeployAsync(StackRequest request, Action<StackEvent> onEvent, CancellationToken cancellationToken)
    {
        var token = "mlmax-" + Guid.NewGuid().ToString("N");
        request = request with { ClientRequestToken = token };
        var existing = await _client.DescribeStackAsync(request.StackName, cancellationToken);
        StackOperation operation;
        if (existing is null)
        {
            await _client.CreateStackAsync(request, cancellationToken);
            operation = StackOperation.Created;
        }
        else if (existing.InProgress)
        {
            throw new StackDeployException(request.StackName, existing.Status, [],
                $"stack {request.StackName} is busy ({existing.Status}): wait until CloudFormation finishes, then deploy again");
        }
        else if (existing.NeedsDeletion)
        {
            throw new StackDeployException(request.StackName, existing.Status, [],
                $"stack {request.StackName} is {existing.Status} after a failed first creation and can only be deleted: "
                + $"delete it (aws cloudformation delete-stack --stack-name {request.StackName}), then deploy again");
        }
        else if (await _client.UpdateStackAsync(request, cancellationToken) is null)
        {
            return new StackDeployment(existing, StackOperation.Unchanged);
        }
        else
        {
            operation = StackOperation.Updated;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var events = new List<StackEvent>();
        while (true)
        {
            var stack = await _client.DescribeStackAsync(request.StackName, cancellationToken)
                ?? throw new StackDeployException(request.StackName, "DELETED", [], $"stack {request.StackName} disappeared while it was being deployed");
            foreach (var e in await NewEventsAsync(request.StackName, token, seen, cancellationToken))
            {
                events.Add(e);
                onEvent(e);
            }

            if (!stack.InProgress)
            {
                return stack.Succeeded
                    ? new StackDeployment(stack, operation)
                    : throw StackDeployException.Failed(stack, events.Where(e => e.Failed).ToList());
            }

            await Task.Delay(_interval, _time, cancellationToken);
        }
    }

    /// <summary>The operation's events not seen yet, oldest first: pages are read newest first until an event seen
    /// before or one of another operation.</summary>
    private async Task<List<StackEvent>> NewEventsAsync(string stackName, string token, HashSet<string> seen, CancellationToken cancellationToken)
    {
        var fresh = new List<StackEvent>();
        string? next = null;
        var more = true;
        while (more)
        {
            var page = await _client.DescribeStackEventsAsync(stackName, next, cancellationToken);
            foreach (var e in page.Events)
            {
                if (seen.Contains(e.EventId) || e.ClientRequestToken != token)
                {
                    more = false;
                    break;
                }

                fresh.Add(e);
            }

            next = page.NextToken;
            more = more && next is not null;
        }

        foreach (var e in fresh)
        {
            seen.Add(e.EventId);
        }

        fresh.Reverse();
        return fresh;
    }
}
