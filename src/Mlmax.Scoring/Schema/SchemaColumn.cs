using System.Text.Json.Serialization;

namespace Mlmax.Scoring.Schema;

/// <summary>One scoring input column of <c>schema.json</c>.</summary>
/// <param name="Name">The column's name in the training data's header.</param>
/// <param name="Type">The column's type.</param>
/// <param name="Required">Whether the model needs the column: the input must have it.</param>
/// <param name="Values">Categories only: every value seen in training, sorted ordinally.</param>
/// <param name="Min">Numbers only: the smallest value seen in training (absent when none).</param>
/// <param name="Max">Numbers only: the largest value seen in training (absent when none).</param>
public sealed record SchemaColumn(
    string Name,
    ColumnType Type,
    bool Required,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Values = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Min = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Max = null);
