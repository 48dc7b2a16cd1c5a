namespace Mlmax.Aws.CloudFormation;

/// <summary>The properties of an <c>AWS::Events::Rule</c> on the default event bus.</summary>
/// <param name="Name">Its name, unique in the account and region (at most 64 characters).</param>
/// <param name="Description">What it does.</param>
/// <param name="EventPattern">The events it matches.</param>
/// <param name="Targets">What each matching event starts.</param>
public sealed record EventsRuleProperties(string Name, string Description, object EventPattern, IReadOnlyList<EventsRuleTarget> Targets)
{
    /// <summary>Whether it matches events.</summary>
    public string State => "ENABLED";
}

/// <summary>A rule's target, started with the event reshaped by <see cref="InputTransformer"/>.</summary>
/// <param name="Id">Its id within the rule.</param>
/// <param name="Arn">The target's ARN (a state machine's).</param>
/// <param name="RoleArn">The role EventBridge assumes to start it.</param>
/// <param name="InputTransformer">How the event becomes the target's input.</param>
public sealed record EventsRuleTarget(string Id, object Arn, object RoleArn, EventsInputTransformer InputTransformer)
{
    /// <summary>How a delivery that fails is retried.</summary>
    public EventsRetryPolicy? RetryPolicy { get; init; }
}

/// <summary>Reshapes an event: each <c>&lt;name&gt;</c> in <paramref name="InputTemplate"/> is the value the path of that name in <paramref name="InputPathsMap"/> selects.</summary>
/// <param name="InputPathsMap">Placeholder name to JSONPath in the event, e.g. <c>key</c>: <c>$.detail.object.key</c>.</param>
/// <param name="InputTemplate">The input, with placeholders (a string, or an <see cref="Fn.Sub"/> of one).</param>
public sealed record EventsInputTransformer(IReadOnlyDictionary<string, string> InputPathsMap, object InputTemplate);

/// <summary>How a rule retries a delivery that fails.</summary>
/// <param name="MaximumRetryAttempts">Retries at most.</param>
/// <param name="MaximumEventAgeInSeconds">Gives up on an event this long after it happened.</param>
public sealed record EventsRetryPolicy(int MaximumRetryAttempts, int MaximumEventAgeInSeconds);
