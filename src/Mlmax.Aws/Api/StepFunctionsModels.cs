using System.Text.Json;

namespace Mlmax.Aws.Api;

/// <summary>An execution as <c>DescribeExecution</c> describes it.</summary>
/// <param name="ExecutionArn">Its ARN.</param>
/// <param name="Name">Its name (mlmax's run id).</param>
/// <param name="Status"><c>RUNNING</c>, <c>SUCCEEDED</c>, <c>FAILED</c>, <c>TIMED_OUT</c>, <c>ABORTED</c> or <c>PENDING_REDRIVE</c>.</param>
/// <param name="StartDate">When it started.</param>
/// <param name="StopDate">When it ended, if it has.</param>
/// <param name="Error">The error name of a failed execution.</param>
/// <param name="Cause">Its cause.</param>
public sealed record ExecutionDescription(
    string ExecutionArn,
    string Name,
    string Status,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate,
    string? Error,
    string? Cause)
{
    /// <summary>Its input JSON, when the response included it.</summary>
    public string? Input { get; init; }

    /// <summary>Whether it still runs.</summary>
    public bool Running => Status is "RUNNING";

    /// <summary>Whether it succeeded.</summary>
    public bool Succeeded => Status is "SUCCEEDED";
}

/// <summary>One event of an execution's history.</summary>
/// <param name="Id">Its id, increasing.</param>
/// <param name="PreviousEventId">The event it follows.</param>
/// <param name="Timestamp">When.</param>
/// <param name="Type">E.g. <c>TaskStateEntered</c>, <c>TaskSucceeded</c>, <c>ExecutionFailed</c>.</param>
/// <param name="Details">Its <c>...EventDetails</c> object, or an empty object.</param>
public sealed record HistoryEvent(long Id, long PreviousEventId, DateTimeOffset Timestamp, string Type, JsonElement Details)
{
    /// <summary>The state's name, for <c>...StateEntered</c> and <c>...StateExited</c> events.</summary>
    public string? StateName => Text("name");

    /// <summary>The error name, for failure events.</summary>
    public string? Error => Text("error");

    /// <summary>The cause, for failure events.</summary>
    public string? Cause => Text("cause");

    /// <summary>The state's or task's output JSON, where the event carries it.</summary>
    public string? Output => Text("output");

    /// <summary>A string member of <see cref="Details"/>.</summary>
    /// <param name="name">The member.</param>
    /// <returns>Its value, or <see langword="null"/>.</returns>
    public string? Text(string name) =>
        Details.ValueKind == JsonValueKind.Object && Details.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>An execution as <c>ListExecutions</c> gives it.</summary>
/// <param name="ExecutionArn">Its ARN.</param>
/// <param name="Name">Its name (an mlmax run id).</param>
/// <param name="Status"><c>RUNNING</c>, <c>SUCCEEDED</c>, <c>FAILED</c>, <c>TIMED_OUT</c>, <c>ABORTED</c> or <c>PENDING_REDRIVE</c>.</param>
/// <param name="StartDate">When it started.</param>
/// <param name="StopDate">When it ended.</param>
public sealed record ExecutionSummary(string ExecutionArn, string Name, string Status, DateTimeOffset StartDate, DateTimeOffset? StopDate);
