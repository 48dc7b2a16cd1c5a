namespace Mlmax.Serving.Models;

/// <summary>One column of a served model's input schema.</summary>
/// <param name="Name">The name the transform was fitted with (requests match it ignoring case, spaces and punctuation).</param>
/// <param name="Kind">What values it takes.</param>
/// <param name="Required">Whether the model reads it (a request without it is refused); others, such as a label or an id, may be left out.</param>
public sealed record InputColumn(string Name, ValueKind Kind, bool Required);
