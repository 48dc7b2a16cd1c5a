namespace Mlmax.RequestLog;

/// <summary>One served row as the request log keeps it: who asked, when, which version scored it, what it was given and what it answered.</summary>
/// <param name="RequestId">The request's id: the client's <c>X-Request-Id</c> header, or one the server generated (returned in that header).</param>
/// <param name="RowId">The row's id: the value of its id column when the request had one, else <c>REQUESTID:N</c> (N counts the request's rows from 0).</param>
/// <param name="At">When it was scored (UTC).</param>
/// <param name="Model">The model's name.</param>
/// <param name="Version">The version that scored it.</param>
/// <param name="Inputs">The input values by the model's column names, as scored (numbers in invariant culture; <see langword="null"/> for missing).</param>
/// <param name="Outputs">The prediction by output name (e.g. <c>predicted_label</c>, <c>score</c>, <c>probability</c>): a <see cref="bool"/>, a <see cref="double"/> (every number), text or <see langword="null"/>.</param>
public sealed record LoggedRow(
    string RequestId,
    string RowId,
    DateTimeOffset At,
    string Model,
    int Version,
    IReadOnlyDictionary<string, string?> Inputs,
    IReadOnlyDictionary<string, object?> Outputs);
