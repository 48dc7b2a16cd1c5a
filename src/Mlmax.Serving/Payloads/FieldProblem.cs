namespace Mlmax.Serving.Payloads;

/// <summary>One problem with a request's data: which field (and row), and what is wrong.</summary>
/// <param name="Field">The column (as the model names it, or as the request did when the model has no such column), or a part of the body.</param>
/// <param name="Row">The 0-based row among the request's rows, when the problem is in one value.</param>
/// <param name="Problem">What is wrong, and what would be accepted.</param>
/// <param name="Value">The offending value (trimmed), when the problem is a value the training schema does not allow.</param>
public sealed record FieldProblem(string Field, long? Row, string Problem, string? Value = null);
