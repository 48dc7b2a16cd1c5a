namespace Mlmax.Serving.Payloads;

/// <summary>Rows checked against the model's input schema, in the form the scorer takes.</summary>
/// <param name="Columns">The model's names of the columns given.</param>
/// <param name="Rows">The values as text (numbers in invariant culture, <see langword="null"/> for missing).</param>
internal sealed record ValidatedBatch(IReadOnlyList<string> Columns, IReadOnlyList<string?[]> Rows);
