namespace Mlmax.Serving.Payloads;

/// <summary>A request's rows as parsed, before they are checked against the model's input schema.</summary>
/// <param name="Columns">The column names as the request gave them (for a CSV body without a header, the model's).</param>
/// <param name="Rows">The rows, one cell per column.</param>
internal sealed record InputBatch(IReadOnlyList<string> Columns, IReadOnlyList<Cell[]> Rows);
