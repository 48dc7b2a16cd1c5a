namespace Mlmax.Aws.CloudFormation;

/// <summary>The properties of an <c>AWS::Scheduler::Schedule</c> (EventBridge Scheduler).</summary>
/// <param name="Name">Its name, unique in its schedule group.</param>
/// <param name="Description">What it does.</param>
/// <param name="ScheduleExpression">When: <c>cron(minutes hours day-of-month month day-of-week year)</c>.</param>
/// <param name="ScheduleExpressionTimezone">The IANA time zone the expression is read in.</param>
/// <param name="Target">What it starts.</param>
public sealed record ScheduleProperties(
    string Name,
    string Description,
    string ScheduleExpression,
    string ScheduleExpressionTimezone,
    ScheduleTarget Target)
{
    /// <summary>Fires at the slot's time, not within a window after it.</summary>
    public FlexibleTimeWindow FlexibleTimeWindow => new("OFF");

    /// <summary>Whether it fires.</summary>
    public string State => "ENABLED";

    /// <summary>The customer managed key encrypting its target's input.</summary>
    public object? KmsKeyArn { get; init; }
}

/// <summary>A schedule's time window.</summary>
/// <param name="Mode"><c>OFF</c> or <c>FLEXIBLE</c>.</param>
public sealed record FlexibleTimeWindow(string Mode);

/// <summary>A schedule's target: a templated target such as a Step Functions state machine, started with <see cref="Input"/>.</summary>
/// <param name="Arn">The target's ARN (the state machine's).</param>
/// <param name="RoleArn">The role the schedule assumes to start it.</param>
/// <param name="Input">The JSON input of each start (the execution input): a string, or an <see cref="Fn.Sub"/> of one.</param>
public sealed record ScheduleTarget(object Arn, object RoleArn, object Input)
{
    /// <summary>How a start that fails is retried.</summary>
    public ScheduleRetryPolicy? RetryPolicy { get; init; }
}

/// <summary>How a schedule retries a start that fails.</summary>
/// <param name="MaximumRetryAttempts">Retries at most.</param>
/// <param name="MaximumEventAgeInSeconds">Gives up on a slot this long after its time.</param>
public sealed record ScheduleRetryPolicy(int MaximumRetryAttempts, int MaximumEventAgeInSeconds);
