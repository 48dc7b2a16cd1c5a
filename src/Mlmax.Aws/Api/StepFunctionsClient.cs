using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mlmax.Aws.Api.Internal;

namespace Mlmax.Aws.Api;

/// <summary>
/// The Step Functions calls mlmax makes, over AWS's JSON 1.0 protocol: POSTs of <c>application/x-amz-json-1.0</c> with
/// <c>X-Amz-Target: AWSStepFunctions.ACTION</c>, signed with SigV4 for the service <c>states</c>.
/// </summary>
public sealed class StepFunctionsClient
{
    /// <summary>The content type of requests.</summary>
    public const string ContentType = "application/x-amz-json-1.0";

    private const string Service = "Step Functions";
    private readonly AwsHttpSender _sender;
    private readonly Uri _endpoint;

    /// <summary>Creates the client.</summary>
    /// <param name="settings">Region, credentials and endpoint.</param>
    /// <param name="http">The HTTP client (not disposed).</param>
    /// <param name="time">The clock requests are signed with.</param>
    public StepFunctionsClient(AwsSettings settings, HttpClient http, TimeProvider time)
    {
        _sender = new AwsHttpSender(http, settings, time);
        _endpoint = settings.Endpoints.StepFunctions;
    }

    /// <summary>Starts an execution.</summary>
    /// <param name="stateMachineArn">The state machine.</param>
    /// <param name="name">The execution's name (unique per state machine for 90 days).</param>
    /// <param name="input">The input JSON.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The execution's ARN and start time.</returns>
    public async Task<(string ExecutionArn, DateTimeOffset StartDate)> StartExecutionAsync(string stateMachineArn, string name, string input, CancellationToken cancellationToken)
    {
        var result = await CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = stateMachineArn, ["name"] = name, ["input"] = input }, cancellationToken);
        return (Text(result, "executionArn") ?? throw Malformed("StartExecution", "executionArn"), Time(result, "startDate") ?? default);
    }

    /// <summary>Describes an execution.</summary>
    /// <param name="executionArn">The execution.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The execution.</returns>
    public async Task<ExecutionDescription> DescribeExecutionAsync(string executionArn, CancellationToken cancellationToken)
    {
        var r = await CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = executionArn }, cancellationToken);
        return new ExecutionDescription(
            Text(r, "executionArn") ?? executionArn,
            Text(r, "name") ?? string.Empty,
            Text(r, "status") ?? throw Malformed("DescribeExecution", "status"),
            Time(r, "startDate") ?? default,
            Time(r, "stopDate"),
            Text(r, "error"),
            Text(r, "cause"))
        {
            Input = Text(r, "input"),
        };
    }

    /// <summary>The executions of a state machine, newest first, reading every page (Step Functions keeps them 90 days).</summary>
    /// <param name="stateMachineArn">The state machine.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The executions.</returns>
    public async Task<IReadOnlyList<ExecutionSummary>> ListExecutionsAsync(string stateMachineArn, CancellationToken cancellationToken)
    {
        var executions = new List<ExecutionSummary>();
        string? next = null;
        do
        {
            var request = new JsonObject { ["stateMachineArn"] = stateMachineArn, ["maxResults"] = 1000 };
            if (next is not null)
            {
                request["nextToken"] = next;
            }

            var page = await CallAsync("ListExecutions", request, cancellationToken);
            if (page.TryGetProperty("executions", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                executions.AddRange(list.EnumerateArray().Select(e => new ExecutionSummary(
                    Text(e, "executionArn") ?? throw Malformed("ListExecutions", "executionArn"),
                    Text(e, "name") ?? string.Empty,
                    Text(e, "status") ?? string.Empty,
                    Time(e, "startDate") ?? default,
                    Time(e, "stopDate"))));
            }

            next = Text(page, "nextToken");
        }
        while (next is not null);

        return executions;
    }

    /// <summary>Every event of an execution's history, oldest first, reading every page.</summary>
    /// <param name="executionArn">The execution.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The events.</returns>
    public async Task<IReadOnlyList<HistoryEvent>> GetExecutionHistoryAsync(string executionArn, CancellationToken cancellationToken)
    {
        var events = new List<HistoryEvent>();
        string? next = null;
        do
        {
            var request = new JsonObject { ["executionArn"] = executionArn, ["maxResults"] = 1000, ["includeExecutionData"] = true };
            if (next is not null)
            {
                request["nextToken"] = next;
            }

            var page = await CallAsync("GetExecutionHistory", request, cancellationToken);
            if (page.TryGetProperty("events", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                events.AddRange(list.EnumerateArray().Select(Event));
            }

            next = Text(page, "nextToken");
        }
        while (next is not null);

        return events;
    }

    /// <summary>Stops an execution.</summary>
    /// <param name="executionArn">The execution.</param>
    /// <param name="error">The error name recorded.</param>
    /// <param name="cause">The cause recorded.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public async Task StopExecutionAsync(string executionArn, string error, string cause, CancellationToken cancellationToken) =>
        await CallAsync("StopExecution", new JsonObject { ["executionArn"] = executionArn, ["error"] = error, ["cause"] = cause }, cancellationToken);

    private async Task<JsonElement> CallAsync(string action, JsonObject request, CancellationToken cancellationToken)
    {
        var text = await _sender.PostAsync(Service, "states", _endpoint, action, ContentType, Encoding.UTF8.GetBytes(request.ToJsonString()),
            new Dictionary<string, string> { ["X-Amz-Target"] = "AWSStepFunctions." + action }, ParseError, cancellationToken);
        try
        {
            return JsonSerializer.Deserialize<JsonElement>(text.Length == 0 ? "{}" : text);
        }
        catch (JsonException e)
        {
            throw new AwsApiException(Service, action, 200, "MalformedResponse", $"the response is not JSON: {e.Message}", null);
        }
    }

    private static HistoryEvent Event(JsonElement e)
    {
        var details = e.EnumerateObject().FirstOrDefault(p => p.Name.EndsWith("EventDetails", StringComparison.Ordinal) && p.Value.ValueKind == JsonValueKind.Object);
        return new HistoryEvent(
            e.TryGetProperty("id", out var id) ? id.GetInt64() : 0,
            e.TryGetProperty("previousEventId", out var previous) ? previous.GetInt64() : 0,
            Time(e, "timestamp") ?? default,
            Text(e, "type") ?? string.Empty,
            details.Value.ValueKind == JsonValueKind.Object ? details.Value.Clone() : JsonSerializer.Deserialize<JsonElement>("{}"));
    }

    private static AwsError? ParseError(string body)
    {
        try
        {
            var e = JsonSerializer.Deserialize<JsonElement>(body);
            if (e.ValueKind != JsonValueKind.Object || Text(e, "__type") is not { } type)
            {
                return null;
            }

            return new AwsError(type[(type.LastIndexOf('#') + 1)..], Text(e, "message") ?? Text(e, "Message") ?? string.Empty, null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Timestamps are seconds since the epoch, with a fraction.</summary>
    private static DateTimeOffset? Time(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(v.GetDouble() * 1000))
            : null;

    private static AwsApiException Malformed(string action, string missing) =>
        new(Service, action, 200, "MalformedResponse", $"the response has no {missing}", null);
}
