namespace Mlmax.Testing.Aws;

/// <summary>
/// One recorded exchange: which request it answers (service, action, and optionally a condition), what the request
/// must contain, and the recorded response, a fixture file whose <c>{{NAME}}</c> placeholders are filled from the
/// server's variables (set by the test, or captured from earlier requests' fields).
/// </summary>
public sealed record Exchange
{
    /// <summary>The service: <c>cloudformation</c> or <c>states</c>.</summary>
    public required string Service { get; init; }

    /// <summary>The API action, e.g. <c>CreateStack</c>.</summary>
    public required string Action { get; init; }

    /// <summary>The fixture of the response, under <c>Fixtures/aws/</c>.</summary>
    public string? Fixture { get; init; }

    /// <summary>The response's body, when it is given inline rather than by <see cref="Fixture"/>.</summary>
    public string? Body { get; init; }

    /// <summary>The HTTP status of the response. <value>200.</value></summary>
    public int Status { get; init; } = 200;

    /// <summary>How many requests it answers; <see langword="null"/>: any number (later exchanges of the action are then never reached).</summary>
    public int? Times { get; init; } = 1;

    /// <summary>Answers only requests for which this holds.</summary>
    public Func<ReceivedRequest, bool>? When { get; init; }

    /// <summary>Fields the request must have: name to value, or to <see langword="null"/> for "present, any value".</summary>
    public IReadOnlyDictionary<string, string?> Expect { get; init; } = new Dictionary<string, string?>();

    /// <summary>Request fields to remember as variables: field name to variable name.</summary>
    public IReadOnlyDictionary<string, string> Capture { get; init; } = new Dictionary<string, string>();

    /// <summary>Run when the exchange answers a request, before the response is sent (e.g. to put a job's outputs in S3).</summary>
    public Func<ReceivedRequest, IReadOnlyDictionary<string, string>, Task>? OnRequest { get; init; }
}
